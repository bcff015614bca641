/*
 * input.c - rules reported by the readers themselves: syntax errors, bad
 * encoding, and files that hold no bibliography. They have no check
 * function; readers call bl_report() with these ids.
 */
#include "../rule.h"

#include "../banned.h"

const struct bl_rule bl_rule_input_syntax = {
	.id = "input/syntax",
	.severity = BL_SEV_ERROR,
	.summary = "the file cannot be parsed",
	.doc = "The reader stopped at a syntax error. The position and the parser's "
	       "own description of the problem are given; nothing after it was "
	       "checked. Fix the syntax and run biblint again.",
	.bad = "- id: a\n  title: \"unterminated\n",
	.good = "- id: a\n  title: \"terminated\"\n",
};

const struct bl_rule bl_rule_input_encoding = {
	.id = "input/encoding",
	.severity = BL_SEV_ERROR,
	.summary = "the file is not valid UTF-8",
	.doc = "biblint reads UTF-8 (a byte-order mark is accepted). The first "
	       "invalid byte is reported; re-save the file as UTF-8.",
	.bad = "- id: a\n  title: caf\xe9\n",
	.good = "- id: a\n  title: caf\xc3\xa9\n",
};

const struct bl_rule bl_rule_input_not_bibliography = {
	.id = "input/not-bibliography",
	.severity = BL_SEV_ERROR,
	.summary = "the file holds no bibliography",
	.doc = "A file named on the command line was read, but it holds no "
	       "reference entries: a YAML file that is not a list of CSL items "
	       "nor a mapping with `references:`, or a Markdown file without a "
	       "metadata block holding `references:`. Check that the right file was "
	       "named, or choose the format with --input-format.",
	.bad = "title: My article\nauthor: Someone\n",
	.good = "references:\n- id: a\n  title: Something\n",
};
