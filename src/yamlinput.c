/*
 * yamlinput.c - UTF-8 input handed to libyaml's scanner in one piece (see
 * yamlinput.h).
 */
#include "yamlinput.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

/* sixteen bytes, compared byte by byte (GCC's and Clang's vector types) */
typedef signed char bytes16 __attribute__((vector_size(16)));

/* True when the sixteen bytes at s are all ASCII that YAML allows:
 * printable, tab, line feed or carriage return. */
static inline bool ascii16(const unsigned char *s)
{
	bytes16 b, ok;
	uint64_t half[2];

	memcpy(&b, s, sizeof(b));
	/* as signed bytes, everything from 0x80 up is below 0x20 */
	ok = (b > 0x1F) & (b < 0x7F);
	ok |= (b == '\n') | (b == '\t') | (b == '\r');
	memcpy(half, &ok, sizeof(half));
	return (half[0] & half[1]) == UINT64_MAX;
}

/* Whether libyaml's reader accepts code point c (YAML's printable set). */
static inline bool allowed(uint32_t c)
{
	return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) ||
	       c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

/* Steps over the character at s[*at]; false when libyaml's reader would
 * refuse it. */
static inline bool step(const unsigned char *s, size_t n, size_t *at)
{
	size_t i = *at, width, k;
	unsigned char c = s[i];
	uint32_t v;

	if (c < 0x80) {
		*at = i + 1;
		return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || c == '\r';
	}
	/* two bytes (Latin, Greek, Cyrillic...): U+0085 or U+00A0-U+07FF */
	if (c >= 0xC2 && c <= 0xDF && n - i >= 2 && (s[i + 1] & 0xC0) == 0x80) {
		*at = i + 2;
		return c != 0xC2 || s[i + 1] >= 0xA0 || s[i + 1] == 0x85;
	}
	if ((c & 0xF0) == 0xE0) {
		width = 3;
		v = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		width = 4;
		v = c & 0x07;
	} else {
		/* a stray continuation byte, an overlong or cut two-byte form,
		 * or 0xF8-0xFF */
		return false;
	}
	if (width > n - i)
		return false;
	for (k = 1; k < width; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return false;
		v = (v << 6) | (s[i + k] & 0x3F);
	}
	*at = i + width;
	/* the shortest form only, no surrogates, nothing past U+10FFFF */
	return !((width == 3 && v < 0x800) || (width == 4 && v < 0x10000)) && allowed(v);
}

size_t bl_yaml_input_chars(const unsigned char *s, size_t n)
{
	size_t i = 0, chars = 0, stop;

	while (i < n) {
		if (n - i >= 16 && ascii16(s + i)) {
			i += 16;
			chars += 16;
			continue;
		}
		/* something else among these sixteen bytes: one by one */
		stop = n - i > 16 ? i + 16 : n;
		while (i < stop) {
			if (!step(s, n, &i))
				return SIZE_MAX;
			chars++;
		}
	}
	return chars;
}

bool bl_yaml_input_string(struct bl_yaml_input *in, yaml_parser_t *p,
			  const unsigned char *text, size_t len, bool padded)
{
	int major, minor, patch;
	unsigned char *buf;
	size_t chars;

	memset(in, 0, sizeof(*in));
	yaml_parser_set_input_string(p, text, len);
	yaml_parser_set_encoding(p, YAML_UTF8_ENCODING);
	/* the reader's ways are those of libyaml 0.1 and 0.2: it does nothing
	 * once the input is at its end and nothing raw is left to decode */
	yaml_get_version(&major, &minor, &patch);
	if (major != 0 || minor < 1 || minor > 2)
		return false;
	if (!padded && len > BL_YAML_INPUT_COPY_MAX)
		return false;
	chars = bl_yaml_input_chars(text, len);
	if (chars == SIZE_MAX)
		return false;
	if (padded) {
		/* the scanner only reads: the text is not changed */
		buf = (unsigned char *)(uintptr_t)text;
	} else {
		buf = in->copy = bl_xmalloc(len + BL_YAML_INPUT_PAD);
		if (len)
			memcpy(buf, text, len);
		memset(buf + len, 0, BL_YAML_INPUT_PAD);
	}
	in->parser = p;
	in->start = p->buffer.start;
	in->end = p->buffer.end;
	in->pointer = p->buffer.pointer;
	in->last = p->buffer.last;
	p->buffer.start = p->buffer.pointer = buf;
	p->buffer.last = buf + len + 1;   /* the text and its NUL */
	p->buffer.end = buf + len + BL_YAML_INPUT_PAD;
	p->unread = chars + 1;
	p->offset = len;
	p->eof = 1;
	return true;
}

void bl_yaml_input_release(struct bl_yaml_input *in)
{
	yaml_parser_t *p = in->parser;

	if (!p)
		return;
	p->buffer.start = in->start;
	p->buffer.end = in->end;
	p->buffer.pointer = in->pointer;
	p->buffer.last = in->last;
	free(in->copy);
	in->parser = NULL;
	in->copy = NULL;
}
