/*
 * latex.h - decode the LaTeX markup of BibTeX field values into UTF-8 text.
 *
 * Rules compare titles and names as text, so a value such as
 * `{\"U}ber {\v{C}apek}--Studien` is read as "Über Čapek–Studien": accents
 * and special letters ({\"a}, \'e, \v{c}, \c{c}, \ss, \o, \aa, {\cyrchar\CYRA}),
 * escaped characters (\&, \%, \_), `--`/`---` as en and em dashes, `~` as a
 * no-break space, and braces removed. Formatting commands (\emph, \textit,
 * ...) and unknown commands are dropped and their arguments kept; the
 * argument of a sort key (\noopsort{...}) or a link target (\href's first)
 * is dropped too.
 *
 * Alongside the text the decoder can record, for every output byte, the
 * source offset of the construct that produced it, so that a rule can point
 * at the raw source of a piece of decoded text (see struct bl_value.map).
 */
#ifndef BL_INPUT_LATEX_H
#define BL_INPUT_LATEX_H

#include "../biblint.h"

enum bl_latex_flags {
	BL_LATEX_LIGATURES = 1 << 0, /* -- – , --- —, `` “, '' ” */
	BL_LATEX_SPACES = 1 << 1,    /* collapse runs of white space, trim */
	BL_LATEX_ESCAPES_ONLY = 1 << 2, /* only \x escapes and braces (no
					 * accents, commands or ~): for
					 * identifiers such as pages */
	BL_LATEX_TIE_SPACE = 1 << 3, /* ~ is a plain space (in names) */
};

/* A growable vector of source offsets (heap; bl_offsets_release frees it). */
struct bl_offsets {
	uint32_t *v;
	size_t len, cap;
};
void bl_offsets_add(struct bl_offsets *o, uint32_t off);
void bl_offsets_release(struct bl_offsets *o);

/*
 * Decodes s[0..n), appending UTF-8 text to out. When map is not NULL, one
 * source offset per output byte is appended to it: the offset of input byte
 * i is offs[i] when offs is not NULL, else base + i. Never fails; bytes that
 * are not LaTeX markup are copied as they are.
 */
void bl_latex_decode(struct bl_strbuf *out, struct bl_offsets *map,
		     const char *s, size_t n, uint32_t base,
		     const uint32_t *offs, unsigned flags);

/* True when s[0..n) has nothing the decoder would change under flags. */
bool bl_latex_is_plain(const char *s, size_t n, unsigned flags);

#endif
