/*
 * json.c - the strict JSON tokenizer of json.h.
 *
 * One pass over the bytes, no allocation per token: a small state machine
 * says what may come next (a value, a key, ':', ',' or a closing bracket),
 * strings without escapes are returned as pointers into the data, and
 * strings with escapes are decoded into one reused buffer.
 */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

enum {
	S_TOP,          /* the top-level value */
	S_AFTER_TOP,    /* only whitespace may follow */
	S_OBJ_FIRST,    /* after '{': a key or '}' */
	S_OBJ_KEY,      /* after ',' in an object: a key */
	S_OBJ_COLON,    /* after a key: ':' */
	S_OBJ_VALUE,    /* after ':': a value */
	S_OBJ_NEXT,     /* after a member: ',' or '}' */
	S_ARR_FIRST,    /* after '[': a value or ']' */
	S_ARR_VALUE,    /* after ',' in an array: a value */
	S_ARR_NEXT,     /* after an element: ',' or ']' */
	S_DONE,
	S_ERROR,
};

void bl_json_init(struct bl_json *j, const char *data, size_t len,
		  size_t start, size_t max_depth)
{
	memset(j, 0, sizeof(*j));
	j->data = data;
	j->len = len;
	j->pos = j->begin = start;
	j->state = S_TOP;
	j->max_depth = max_depth ? max_depth : BL_JSON_DEFAULT_DEPTH;
	j->stack = bl_xmalloc(j->max_depth);
}

void bl_json_release(struct bl_json *j)
{
	free(j->stack);
	bl_strbuf_release(&j->buf);
	j->stack = NULL;
}

/* Is the byte at pos the start of an invalid UTF-8 sequence? */
static bool bad_utf8_at(const struct bl_json *j, size_t pos)
{
	int32_t cp;

	return pos < j->len && (unsigned char)j->data[pos] >= 0x80 &&
	       bl_utf8_decode(j->data + pos, j->len - pos, &cp) < 0;
}

static enum bl_json_type fail(struct bl_json *j, size_t start, size_t end,
			      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum bl_json_type fail(struct bl_json *j, size_t start, size_t end,
			      const char *fmt, ...)
{
	va_list ap;

	j->state = S_ERROR;
	j->err_start = (uint32_t)start;
	j->err_end = (uint32_t)(end > j->len ? j->len : end);
	va_start(ap, fmt);
	vsnprintf(j->err_msg, sizeof(j->err_msg), fmt, ap);
	va_end(ap);
	return BL_JSON_ERROR;
}

static enum bl_json_type fail_encoding(struct bl_json *j, size_t pos)
{
	fail(j, pos, pos + 1, "invalid UTF-8 byte 0x%02X; the file must be UTF-8 "
	     "(re-save it as UTF-8)", (unsigned char)j->data[pos]);
	j->err_encoding = true;
	return BL_JSON_ERROR;
}

/* Describes the character at pos for a message: 'x', U+00A0, end of file. */
static void describe(const struct bl_json *j, size_t pos, char *out, size_t n)
{
	unsigned char c;
	int32_t cp;

	if (pos >= j->len) {
		snprintf(out, n, "end of file");
		return;
	}
	c = (unsigned char)j->data[pos];
	if (c > 0x20 && c < 0x7f)
		snprintf(out, n, "'%c'", c);
	else if (bl_utf8_decode(j->data + pos, j->len - pos, &cp) > 0)
		snprintf(out, n, "U+%04X", (unsigned)cp);
	else
		snprintf(out, n, "byte 0x%02X", c);
}

/* Fails at pos: "unexpected <what is there>; <expected>". */
static enum bl_json_type unexpected(struct bl_json *j, size_t pos,
				    const char *expected)
{
	char what[32];
	size_t end = pos + 1;
	int32_t cp;
	int n;

	if (bad_utf8_at(j, pos))
		return fail_encoding(j, pos);
	if (pos < j->len && (n = bl_utf8_decode(j->data + pos, j->len - pos, &cp)) > 0)
		end = pos + (size_t)n;
	if (pos < j->len && j->data[pos] == '/')
		return fail(j, pos, end, "comments are not allowed in JSON");
	describe(j, pos, what, sizeof(what));
	return fail(j, pos, end, "unexpected %s; %s", what, expected);
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the four hex digits of a \u escape whose backslash is at pos.
 * Returns the code unit, or -1 when they are not four hex digits. */
static int32_t read_u4(const struct bl_json *j, size_t pos)
{
	int32_t v = 0;
	int i, h;

	if (pos + 6 > j->len || j->data[pos] != '\\' || j->data[pos + 1] != 'u')
		return -1;
	for (i = 0; i < 4; i++) {
		h = hexval((unsigned char)j->data[pos + 2 + i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The state after a complete value, from the container it is in. */
static void value_done(struct bl_json *j)
{
	if (j->depth == 0)
		j->state = S_AFTER_TOP;
	else if (j->stack[j->depth - 1] == '{')
		j->state = S_OBJ_NEXT;
	else
		j->state = S_ARR_NEXT;
}

/* Decodes one escape whose backslash is at j->pos into j->buf. */
static enum bl_json_type escape(struct bl_json *j, size_t open)
{
	size_t bs = j->pos;
	char out[4], what[32];
	int32_t u, lo;
	unsigned char c;

	if (bs + 1 >= j->len)
		return fail(j, open, j->len, "unterminated string: no closing '\"' "
			    "before the end of the file");
	c = (unsigned char)j->data[bs + 1];
	switch (c) {
	case '"': case '\\': case '/':
		bl_strbuf_addch(&j->buf, c);
		break;
	case 'b': bl_strbuf_addch(&j->buf, '\b'); break;
	case 'f': bl_strbuf_addch(&j->buf, '\f'); break;
	case 'n': bl_strbuf_addch(&j->buf, '\n'); break;
	case 'r': bl_strbuf_addch(&j->buf, '\r'); break;
	case 't': bl_strbuf_addch(&j->buf, '\t'); break;
	case 'u':
		u = read_u4(j, bs);
		if (u < 0)
			return fail(j, bs, bs + 2, "invalid \\u escape in string; "
				    "expected four hex digits after \\u");
		if (u >= 0xDC00 && u <= 0xDFFF)
			return fail(j, bs, bs + 6, "lone surrogate \\u%04X in string "
				    "(a low surrogate without a high one before it); "
				    "write the character itself", (unsigned)u);
		if (u >= 0xD800 && u <= 0xDBFF) {
			lo = read_u4(j, bs + 6);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return fail(j, bs, bs + 6, "lone surrogate \\u%04X in "
					    "string (a high surrogate must be followed by "
					    "a low one, \\uDC00-\\uDFFF); write the character "
					    "itself", (unsigned)u);
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			j->pos += 6;
		}
		bl_strbuf_add(&j->buf, out, (size_t)bl_utf8_encode(u, out));
		j->pos += 6;
		return BL_JSON_STRING;
	default:
		if (bad_utf8_at(j, bs + 1))
			return fail_encoding(j, bs + 1);
		describe(j, bs + 1, what, sizeof(what));
		return fail(j, bs, bs + 2, "invalid escape: backslash followed by %s "
			    "in string; write \\\\ for a backslash", what);
	}
	j->pos += 2;
	return BL_JSON_STRING;
}

/* Reads the string whose opening quote is at j->pos. */
static enum bl_json_type string(struct bl_json *j, struct bl_json_token *tok,
				enum bl_json_type type)
{
	const unsigned char *d = (const unsigned char *)j->data;
	size_t open = j->pos, start = open + 1, run;
	bool escaped = false;
	int32_t cp;
	int n;

	j->pos = run = start;
	for (;;) {
		/* the common case: plain ASCII text */
		while (j->pos < j->len && d[j->pos] >= 0x20 && d[j->pos] < 0x80 &&
		       d[j->pos] != '"' && d[j->pos] != '\\')
			j->pos++;
		if (j->pos >= j->len)
			return fail(j, open, j->len, "unterminated string: no closing "
				    "'\"' before the end of the file");
		if (d[j->pos] == '"')
			break;
		if (d[j->pos] == '\\') {
			if (!escaped) {
				bl_strbuf_reset(&j->buf);
				escaped = true;
			}
			bl_strbuf_add(&j->buf, d + run, j->pos - run);
			if (escape(j, open) == BL_JSON_ERROR)
				return BL_JSON_ERROR;
			run = j->pos;
		} else if (d[j->pos] == '\n' || d[j->pos] == '\r') {
			return fail(j, open, j->pos, "unterminated string: no closing "
				    "'\"' before the end of the line (write a line break "
				    "inside a string as \\n)");
		} else if (d[j->pos] < 0x20) {
			return fail(j, j->pos, j->pos + 1, "control character U+%04X in "
				    "string; write it as an escape (\\u%04X)",
				    d[j->pos], d[j->pos]);
		} else {
			n = bl_utf8_decode(j->data + j->pos, j->len - j->pos, &cp);
			if (n < 0)
				return fail_encoding(j, j->pos);
			j->pos += (size_t)n;
		}
	}
	tok->type = type;
	tok->start = (uint32_t)start;
	tok->end = (uint32_t)j->pos;
	tok->escaped = escaped;
	if (escaped) {
		bl_strbuf_add(&j->buf, d + run, j->pos - run);
		tok->text = j->buf.buf;
		tok->len = j->buf.len;
	} else {
		tok->text = j->data + start;
		tok->len = j->pos - start;
	}
	j->pos++;
	return type;
}

static enum bl_json_type number(struct bl_json *j, struct bl_json_token *tok)
{
	const unsigned char *d = (const unsigned char *)j->data;
	size_t start = j->pos, p = j->pos;

	if (d[p] == '-')
		p++;
	if (p < j->len && d[p] == '0') {
		p++;
		if (p < j->len && is_digit(d[p]))
			return fail(j, p - 1, p, "number with a leading zero; write "
				    "it without the zero, or as a string");
	} else if (p < j->len && is_digit(d[p])) {
		while (p < j->len && is_digit(d[p]))
			p++;
	} else {
		return unexpected(j, p, "expected a digit after '-'");
	}
	if (p < j->len && d[p] == '.') {
		p++;
		if (p >= j->len || !is_digit(d[p]))
			return unexpected(j, p, "expected a digit after the decimal point");
		while (p < j->len && is_digit(d[p]))
			p++;
	}
	if (p < j->len && (d[p] == 'e' || d[p] == 'E')) {
		p++;
		if (p < j->len && (d[p] == '+' || d[p] == '-'))
			p++;
		if (p >= j->len || !is_digit(d[p]))
			return unexpected(j, p, "expected a digit in the exponent");
		while (p < j->len && is_digit(d[p]))
			p++;
	}
	j->pos = p;
	tok->type = BL_JSON_NUMBER;
	tok->start = (uint32_t)start;
	tok->end = (uint32_t)p;
	tok->text = j->data + start;
	tok->len = p - start;
	return BL_JSON_NUMBER;
}

/* A bare word: true, false, null, or an error naming the word. */
static enum bl_json_type word(struct bl_json *j, struct bl_json_token *tok)
{
	static const struct {
		const char *text;
		enum bl_json_type type;
	} lits[] = {
		{ "true", BL_JSON_TRUE }, { "false", BL_JSON_FALSE }, { "null", BL_JSON_NULL },
	};
	const unsigned char *d = (const unsigned char *)j->data;
	size_t start = j->pos, p = j->pos, i;

	while (p < j->len && is_alnum(d[p]))
		p++;
	for (i = 0; i < BL_ARRAY_SIZE(lits); i++) {
		size_t n = strlen(lits[i].text);

		if (p - start == n && memcmp(d + start, lits[i].text, n) == 0) {
			j->pos = p;
			tok->type = lits[i].type;
			tok->start = (uint32_t)start;
			tok->end = (uint32_t)p;
			tok->text = j->data + start;
			tok->len = n;
			return tok->type;
		}
	}
	return fail(j, start, p, "unexpected word '%.*s%s'; a JSON value is a string "
		    "in double quotes, a number, an object, an array, true, false "
		    "or null", (int)(p - start > 24 ? 24 : p - start), j->data + start,
		    p - start > 24 ? "..." : "");
}

static enum bl_json_type open_container(struct bl_json *j,
					struct bl_json_token *tok, unsigned char c)
{
	if (j->depth >= j->max_depth)
		return fail(j, j->pos, j->pos + 1, "nesting deeper than %zu levels; "
			    "a bibliography is not nested this deeply", j->max_depth);
	j->stack[j->depth++] = c;
	j->state = c == '{' ? S_OBJ_FIRST : S_ARR_FIRST;
	tok->type = c == '{' ? BL_JSON_OBJECT_START : BL_JSON_ARRAY_START;
	tok->start = (uint32_t)j->pos;
	tok->end = (uint32_t)j->pos + 1;
	j->pos++;
	return tok->type;
}

static enum bl_json_type close_container(struct bl_json *j,
					 struct bl_json_token *tok)
{
	j->depth--;
	tok->type = j->data[j->pos] == '}' ? BL_JSON_OBJECT_END : BL_JSON_ARRAY_END;
	tok->start = (uint32_t)j->pos;
	tok->end = (uint32_t)j->pos + 1;
	tok->depth = (unsigned)j->depth;
	j->pos++;
	value_done(j);
	return tok->type;
}

static enum bl_json_type value(struct bl_json *j, struct bl_json_token *tok)
{
	unsigned char c;
	enum bl_json_type t;

	if (j->pos >= j->len)
		return fail(j, j->len, j->len, "unexpected end of file; expected a value");
	c = (unsigned char)j->data[j->pos];
	if (c == '{' || c == '[')
		return open_container(j, tok, c);
	if (c == '"')
		t = string(j, tok, BL_JSON_STRING);
	else if (c == '-' || is_digit(c))
		t = number(j, tok);
	else if (is_alnum(c))
		t = word(j, tok);
	else if (c == '\'')
		return fail(j, j->pos, j->pos + 1, "single-quoted string; JSON strings "
			    "use double quotes");
	else
		return unexpected(j, j->pos, "expected a value");
	if (t != BL_JSON_ERROR)
		value_done(j);
	return t;
}

static enum bl_json_type key(struct bl_json *j, struct bl_json_token *tok,
			     const char *expected)
{
	unsigned char c = j->pos < j->len ? (unsigned char)j->data[j->pos] : 0;

	if (c == '"') {
		if (string(j, tok, BL_JSON_KEY) == BL_JSON_ERROR)
			return BL_JSON_ERROR;
		j->state = S_OBJ_COLON;
		return BL_JSON_KEY;
	}
	if (c == '\'')
		return fail(j, j->pos, j->pos + 1, "single-quoted key; JSON keys are "
			    "strings in double quotes");
	if (((is_alnum(c) && !is_digit(c)) || c >= 0x80) && !bad_utf8_at(j, j->pos))
		return fail(j, j->pos, j->pos + 1, "unquoted key; JSON keys are strings "
			    "in double quotes");
	return unexpected(j, j->pos, expected);
}

enum bl_json_type bl_json_next(struct bl_json *j, struct bl_json_token *tok)
{
	const unsigned char *d = (const unsigned char *)j->data;
	enum bl_json_type t;

	memset(tok, 0, sizeof(*tok));
	for (;;) {
		while (j->pos < j->len && is_ws(d[j->pos]))
			j->pos++;
		switch (j->state) {
		case S_DONE:
			tok->start = tok->end = (uint32_t)j->len;
			return BL_JSON_END;
		case S_ERROR:
			tok->type = BL_JSON_ERROR;
			tok->start = j->err_start;
			tok->end = j->err_end;
			return BL_JSON_ERROR;
		case S_AFTER_TOP:
			if (j->pos >= j->len) {
				j->state = S_DONE;
				continue;
			}
			unexpected(j, j->pos, "expected the end of the file after the "
				   "top-level value");
			continue;
		case S_OBJ_FIRST:
			if (j->pos < j->len && d[j->pos] == '}')
				return close_container(j, tok);
			t = key(j, tok, "expected a key in double quotes or '}'");
			break;
		case S_OBJ_KEY:
			if (j->pos < j->len && d[j->pos] == '}') {
				fail(j, j->comma, j->comma + 1, "trailing comma before '}'; "
				     "remove it");
				continue;
			}
			t = key(j, tok, "expected a key in double quotes after ','");
			break;
		case S_OBJ_COLON:
			if (j->pos < j->len && d[j->pos] == ':') {
				j->pos++;
				j->state = S_OBJ_VALUE;
				continue;
			}
			unexpected(j, j->pos, "expected ':' after an object key");
			continue;
		case S_OBJ_NEXT:
		case S_ARR_NEXT:
			if (j->pos < j->len && d[j->pos] == ',') {
				j->comma = j->pos++;
				j->state = j->state == S_OBJ_NEXT ? S_OBJ_KEY : S_ARR_VALUE;
				continue;
			}
			if (j->pos < j->len &&
			    d[j->pos] == (j->state == S_OBJ_NEXT ? '}' : ']'))
				return close_container(j, tok);
			unexpected(j, j->pos, j->state == S_OBJ_NEXT ?
				   "expected ',' or '}' after an object member" :
				   "expected ',' or ']' after an array element");
			continue;
		case S_ARR_FIRST:
			if (j->pos < j->len && d[j->pos] == ']')
				return close_container(j, tok);
			t = value(j, tok);
			break;
		case S_ARR_VALUE:
			if (j->pos < j->len && d[j->pos] == ']') {
				fail(j, j->comma, j->comma + 1, "trailing comma before ']'; "
				     "remove it");
				continue;
			}
			t = value(j, tok);
			break;
		case S_TOP:
			if (j->pos >= j->len) {
				fail(j, j->begin, j->begin, "the file is empty or blank; expected a "
				     "JSON value");
				continue;
			}
			t = value(j, tok);
			break;
		case S_OBJ_VALUE:
		default:
			t = value(j, tok);
			break;
		}
		if (t == BL_JSON_ERROR)
			continue;
		tok->depth = (unsigned)j->depth;
		return t;
	}
}
