/*
 * json.h - a strict, streaming JSON tokenizer (RFC 8259) with byte positions.
 *
 * bl_json_next() pulls one token at a time and checks the grammar as it
 * goes: the tokens it returns always form a well-nested prefix of a valid
 * document, and the first violation ends the stream with BL_JSON_ERROR and a
 * message at the exact byte. Nothing is converted: numbers are returned as
 * their source text (any length), strings are decoded (every escape,
 * surrogate pairs) into valid UTF-8.
 *
 * Usage:
 *
 *	struct bl_json j;
 *	struct bl_json_token t;
 *
 *	bl_json_init(&j, data, len, start, 0);
 *	while (bl_json_next(&j, &t) > BL_JSON_ERROR)
 *		...t.type, t.start, t.end, t.text, t.len...
 *	if (t.type == BL_JSON_ERROR)
 *		...j.err_start, j.err_msg, j.err_encoding...
 *	bl_json_release(&j);
 *
 * Memory: one stack of max_depth bytes and one buffer for decoded strings,
 * reused for every token. A token's text is valid until the next call.
 */
#ifndef BL_INPUT_JSON_H
#define BL_INPUT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util.h"

#define BL_JSON_DEFAULT_DEPTH 64

enum bl_json_type {
	BL_JSON_END = 0,        /* the document ended; nothing follows */
	BL_JSON_ERROR,          /* a syntax or encoding error; see err_* */
	BL_JSON_OBJECT_START,
	BL_JSON_OBJECT_END,
	BL_JSON_ARRAY_START,
	BL_JSON_ARRAY_END,
	BL_JSON_KEY,            /* an object member's name (a string) */
	BL_JSON_STRING,
	BL_JSON_NUMBER,
	BL_JSON_TRUE,
	BL_JSON_FALSE,
	BL_JSON_NULL,
};

struct bl_json_token {
	enum bl_json_type type;
	/* Byte span in the data: the bracket for structure tokens, the inside
	 * of the quotes for keys and strings, the literal text otherwise. */
	uint32_t start, end;
	/* Keys and strings: the decoded text (valid UTF-8, may hold U+0000);
	 * numbers and literals: the source text. Not NUL-terminated. */
	const char *text;
	size_t len;
	bool escaped;           /* a string whose text differs from its span */
	unsigned depth;         /* nesting depth after this token */
};

struct bl_json {
	const char *data;
	size_t len;
	size_t pos;
	size_t begin;           /* where tokenizing started */
	int state;
	unsigned char *stack;   /* '{' or '[' per open container */
	size_t depth, max_depth;
	size_t comma;           /* offset of the last ',' (trailing commas) */
	struct bl_strbuf buf;   /* decoded strings */
	/* Set when bl_json_next() returned BL_JSON_ERROR. */
	uint32_t err_start, err_end;
	bool err_encoding;      /* invalid UTF-8, not a grammar error */
	char err_msg[192];
};

/* Tokenizes data[start, len). Offsets in tokens are offsets in data.
 * max_depth 0 means BL_JSON_DEFAULT_DEPTH. len must be below 4 GiB. */
void bl_json_init(struct bl_json *j, const char *data, size_t len,
		  size_t start, size_t max_depth);
/* Fills tok with the next token and returns its type. After BL_JSON_END or
 * BL_JSON_ERROR it keeps returning the same. */
enum bl_json_type bl_json_next(struct bl_json *j, struct bl_json_token *tok);
void bl_json_release(struct bl_json *j);

#endif
