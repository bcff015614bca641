/*
 * yamlalloc.h - a per-thread cache of libyaml's scratch strings.
 *
 * libyaml's scanner allocates four small strings for every plain scalar
 * (its value, and three buffers for the spaces and line breaks inside it)
 * and frees the three buffers when the scalar ends. With libyaml linked
 * statically, the scanner's and the parser's calls of yaml_malloc() and
 * yaml_free() are redirected (-Wl,--wrap) to bl_yaml_malloc() and
 * bl_yaml_free() below, which keep a few freed blocks per thread for the
 * next small allocations instead of returning each to malloc(). Every
 * block is malloc()'s own, so libyaml's calls that are not redirected
 * (realloc() and free() inside its api.c) remain correct on any of them.
 *
 * The strings of a scalar event are freed the same way
 * (bl_yaml_event_delete()), so that the value of one scalar serves the
 * next.
 *
 * A thread that has used a libyaml parser calls bl_yaml_scratch_release()
 * when it is done with it: the cached blocks go back to malloc().
 */
#ifndef BL_YAMLALLOC_H
#define BL_YAMLALLOC_H

#include <stddef.h>
#include <yaml.h>

void *bl_yaml_malloc(size_t size);
void bl_yaml_free(void *block);
void bl_yaml_scratch_release(void);
/* yaml_event_delete(), with a scalar's strings given to bl_yaml_free() (the
 * value of one scalar then serves the next). */
void bl_yaml_event_delete(yaml_event_t *event);
/* The blocks the calling thread keeps. */
unsigned bl_yaml_scratch_kept(void);

/* The redirected names (the linker calls these for yaml_malloc and
 * yaml_free); they are bl_yaml_malloc() and bl_yaml_free(). */
void *__wrap_yaml_malloc(size_t size);
void __wrap_yaml_free(void *block);

#endif
