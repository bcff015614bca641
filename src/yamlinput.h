/*
 * yamlinput.h - UTF-8 input handed to libyaml's scanner in one piece.
 *
 * libyaml's reader decodes its input one character at a time into the
 * parser's buffer, validating each as UTF-8 and as a character YAML
 * allows, and re-encoding it as UTF-8: for UTF-8 input the buffer ends up
 * holding the input's own bytes. bl_yaml_input_string() checks a whole
 * text at once by the same rules; when every character passes, it gives
 * the parser the text as its already decoded buffer, followed by the NUL
 * the reader puts at the end of the input, and marks the input as read to
 * its end, so the reader has nothing left to do. The scanner then sees the
 * same characters as it would have; its marks and events are the same.
 * Text that does not pass is read by libyaml's reader, which reports the
 * problem as it always does.
 *
 * The scanner reads the buffer and never writes to it, so a text followed
 * by BL_YAML_INPUT_PAD zero bytes is read where it lies; any other is
 * copied first, up to BL_YAML_INPUT_COPY_MAX bytes (a longer one is left
 * to the reader, whose buffer is a few pages however long the text).
 *
 * The parser's own buffer is kept aside and given back by
 * bl_yaml_input_release(), which must be called before
 * yaml_parser_delete().
 */
#ifndef BL_YAMLINPUT_H
#define BL_YAMLINPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#define BL_YAML_INPUT_PAD 16
#define BL_YAML_INPUT_COPY_MAX ((size_t)1 << 20)

struct bl_yaml_input {
	yaml_parser_t *parser;      /* NULL: libyaml's reader reads the text */
	unsigned char *copy;        /* the copy the parser reads, if any */
	unsigned char *start, *end, *pointer, *last;  /* the parser's buffer */
};

/* yaml_parser_set_input_string() and yaml_parser_set_encoding(UTF-8) on
 * an initialised parser, and the text given in one piece when it passes.
 * padded: text[len] and the BL_YAML_INPUT_PAD - 1 bytes after it are
 * zero, and the text stays as it is until bl_yaml_input_release(). True
 * when the text was given whole. */
bool bl_yaml_input_string(struct bl_yaml_input *in, yaml_parser_t *p,
			  const unsigned char *text, size_t len, bool padded);
/* Gives the parser its own buffer back. */
void bl_yaml_input_release(struct bl_yaml_input *in);

/* The number of characters in text[0..len) when it is UTF-8 of characters
 * that libyaml's reader accepts, else SIZE_MAX. */
size_t bl_yaml_input_chars(const unsigned char *text, size_t len);

#endif
