/*
 * yamlalloc.c - a per-thread cache of libyaml's scratch strings (see
 * yamlalloc.h).
 */
#include "yamlalloc.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* libyaml's strings start at 16 bytes; the scratch buffers of a scalar
 * seldom grow past that. A freed block is kept when it can serve such a
 * request and is not large (a buffer that grew with a long scalar goes
 * back to malloc()), up to SCRATCH_KEEP blocks per thread. */
#define SCRATCH_SERVE 16
#define SCRATCH_LARGEST 256
#define SCRATCH_KEEP 16

static __thread struct {
	void *block[SCRATCH_KEEP];
	unsigned n;
} scratch;

void *bl_yaml_malloc(size_t size)
{
	if (size <= SCRATCH_SERVE && scratch.n > 0)
		return scratch.block[--scratch.n];
	return malloc(size ? size : 1);
}

void bl_yaml_free(void *block)
{
	size_t usable;

	if (!block)
		return;
	if (scratch.n < SCRATCH_KEEP) {
		usable = malloc_usable_size(block);
		if (usable >= SCRATCH_SERVE && usable <= SCRATCH_LARGEST) {
			scratch.block[scratch.n++] = block;
			return;
		}
	}
	free(block);
}

void bl_yaml_scratch_release(void)
{
	while (scratch.n > 0)
		free(scratch.block[--scratch.n]);
}

void bl_yaml_event_delete(yaml_event_t *event)
{
	if (event->type != YAML_SCALAR_EVENT) {
		yaml_event_delete(event);
		return;
	}
	bl_yaml_free(event->data.scalar.anchor);
	bl_yaml_free(event->data.scalar.tag);
	bl_yaml_free(event->data.scalar.value);
	memset(event, 0, sizeof(*event));
}

unsigned bl_yaml_scratch_kept(void)
{
	return scratch.n;
}

void *__wrap_yaml_malloc(size_t size)
{
	return bl_yaml_malloc(size);
}

void __wrap_yaml_free(void *block)
{
	bl_yaml_free(block);
}
