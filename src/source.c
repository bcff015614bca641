/*
 * source.c - the bytes of one input, where they came from, and a line table
 * that turns byte offsets into line:column positions.
 *
 * Line breaks are LF, CRLF or a lone CR. The line table keeps the start of
 * every 32nd line, of a line 4 KiB after the previous one kept, and both
 * ends of each line of 4 KiB or more; a position scans a few KiB at most. Columns count Unicode code points
 * (an invalid byte counts as one). When a line is longer than a block of
 * COL_BLOCK bytes (a minified JSON file, a huge scalar), the code points
 * before every block boundary are counted once, so that locating each of
 * many findings on that line costs at most two blocks, not the line.
 */
#include "biblint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

int bl_error_set(struct bl_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return BL_ERR;
}

#define COL_BLOCK 4096
#define LINE_STRIDE 32  /* lines between two entries of the line table, */
#define MARK_BYTES 4096 /* or bytes */

/* src->cols[k]: code points in data[0 .. k * COL_BLOCK), built only when
 * some line is longer than a block. */
static void build_cols(struct bl_source *src)
{
	size_t k, nblocks;
	uint32_t count = 0;

	nblocks = src->len / COL_BLOCK + 1;
	src->cols = bl_xmalloc(nblocks * sizeof(*src->cols));
	for (k = 0; k < nblocks; k++) {
		size_t from = k * COL_BLOCK;

		src->cols[k] = count;
		if (from < src->len)
			count += (uint32_t)bl_utf8_count(src->data + from,
						 src->len - from < COL_BLOCK ?
						 src->len - from : COL_BLOCK);
	}
}

/* The start of the line after the one starting at pos when it starts at
 * or before limit, else SIZE_MAX. */
static size_t next_line_upto(const struct bl_source *src, size_t pos, size_t limit)
{
	const char *d = src->data;
	size_t i;

	if (!src->has_cr) {
		const char *p = memchr(d + pos, '\n', limit - pos);

		return p ? (size_t)(p - d) + 1 : SIZE_MAX;
	}
	for (i = pos; i < limit; i++) {
		if (d[i] == '\n')
			return i + 1;
		if (d[i] == '\r') {
			if (i + 1 < src->len && d[i + 1] == '\n')
				return i + 2 <= limit ? i + 2 : SIZE_MAX;
			return i + 1;
		}
	}
	return SIZE_MAX;
}

/* The start of the line after the one starting at pos, or SIZE_MAX when
 * that is the last line. */
static size_t next_line(const struct bl_source *src, size_t pos)
{
	return next_line_upto(src, pos, src->len);
}

static void add_mark(struct bl_source *src, size_t *cap, size_t line, size_t off)
{
	if (src->nmarks && src->lines[src->nmarks - 1].line == line)
		return;
	BL_GROW(src->lines, src->nmarks + 1, *cap);
	src->lines[src->nmarks].line = (uint32_t)line;
	src->lines[src->nmarks].off = (uint32_t)off;
	src->nmarks++;
}

/*
 * Counts the lines and keeps where some of them start: every LINE_STRIDE-th
 * line, the first line at least MARK_BYTES after the previous mark, and
 * both ends of a line of MARK_BYTES or more. A position then scans at most
 * about 2 * MARK_BYTES from a mark, and a position on a long line none.
 */
static void build_lines(struct bl_source *src)
{
	size_t cap = 0, n = 1, pos = 0, next, longest = 0, last = 0;

	src->has_cr = memchr(src->data, '\r', src->len) != NULL;
	src->lines = NULL;
	src->nmarks = 0;
	add_mark(src, &cap, 0, 0);
	while ((next = next_line(src, pos)) != SIZE_MAX) {
		if (next - pos > longest)
			longest = next - pos;
		if (next - pos >= MARK_BYTES)
			add_mark(src, &cap, n - 1, pos);
		if (n % LINE_STRIDE == 0 || next - last >= MARK_BYTES) {
			add_mark(src, &cap, n, next);
			last = next;
		}
		n++;
		pos = next;
	}
	if (src->len - pos > longest)
		longest = src->len - pos;
	if (src->len - pos >= MARK_BYTES)
		add_mark(src, &cap, n - 1, pos);
	src->nlines = n;
	if (longest > COL_BLOCK)
		build_cols(src);
}

struct bl_source *bl_source_new(const char *path, const char *data, size_t len)
{
	char *copy;

	if (len >= UINT32_MAX)
		return NULL;
	copy = bl_xmalloc(len + BL_SOURCE_PAD);
	if (len)
		memcpy(copy, data, len);
	return bl_source_adopt(path, copy, len);
}

struct bl_source *bl_source_adopt(const char *path, char *data, size_t len)
{
	struct bl_source *src = bl_xcalloc(1, sizeof(*src));

	src->path = bl_xstrdup(path);
	src->data = data;
	memset(src->data + len, 0, BL_SOURCE_PAD);
	src->len = len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		src->bom = 3;
	bl_arena_init(&src->arena);
	build_lines(src);
	return src;
}

static int read_fd(int fd, const char *path, size_t max_size, char **out,
		   size_t *outlen, struct bl_error *err)
{
	size_t cap = 64 * 1024, len = 0;
	char *buf;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	if (max_size && cap > max_size + 1)
		cap = max_size + 1;
	buf = bl_xmalloc_whole(cap + BL_SOURCE_PAD);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (max_size && len > max_size)
				break;
			cap *= 2;
			buf = bl_xrealloc(buf, cap + BL_SOURCE_PAD);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			bl_error_set(err, "cannot read '%s': %s", path, strerror(errno));
			free(buf);
			return BL_ERR;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if ((max_size && len > max_size) || len >= UINT32_MAX) {
		bl_error_set(err,
			     "'%s' is larger than the limit of %zu bytes; raise it "
			     "with --max-file-size if the file really is a bibliography",
			     path, max_size ? max_size : (size_t)UINT32_MAX - 1);
		free(buf);
		return BL_ERR;
	}
	*out = buf;
	*outlen = len;
	return BL_OK;
}

int bl_source_read_file(struct bl_source **out, const char *path,
			size_t max_size, struct bl_error *err)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd, rc;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		rc = read_fd(0, "<stdin>", max_size, &data, &len, err);
		if (rc < 0)
			return rc;
		*out = bl_source_adopt("<stdin>", data, len);
		return BL_OK;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return bl_error_set(err, "cannot open '%s': no such file; check the path",
					    path);
		return bl_error_set(err, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		rc = bl_error_set(err, "cannot read '%s': %s", path, strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = bl_error_set(err, "cannot read '%s': it is a directory", path);
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = bl_error_set(err,
				  "cannot read '%s': not a regular file (a FIFO, socket "
				  "or device); pass its content on standard input with '-'",
				  path);
		goto cleanup;
	}
	/* back to blocking reads for a regular file */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = read_fd(fd, path, max_size, &data, &len, err);
	if (rc < 0)
		goto cleanup;
	*out = bl_source_adopt(path, data, len);
cleanup:
	close(fd);
	return rc;
}

void bl_source_free(struct bl_source *src)
{
	if (!src)
		return;
	bl_arena_release(&src->arena);
	free(src->lines);
	free(src->cols);
	free(src->data);
	free(src->path);
	free(src);
}

/* The 0-based index of the line holding offset; *start is its start and
 * *next the next line's start when a mark tells it (else SIZE_MAX). */
/* The last mark at or before a byte offset (by_line false) or a line
 * index (by_line true); marks rise in both. */
static size_t mark_before(const struct bl_source *src, size_t key, bool by_line)
{
	size_t lo = 0, hi = src->nmarks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if ((by_line ? src->lines[mid].line : src->lines[mid].off) <= key)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_index(const struct bl_source *src, size_t offset,
			 size_t *start, size_t *next)
{
	size_t lo = mark_before(src, offset, false), li, pos, nx;

	li = src->lines[lo].line;
	pos = src->lines[lo].off;
	*next = SIZE_MAX;
	if (lo + 1 < src->nmarks && src->lines[lo + 1].line == li + 1) {
		/* the mark after is the next line: no scan (long lines) */
		*next = src->lines[lo + 1].off;
	} else {
		while (li + 1 < src->nlines &&
		       (nx = next_line_upto(src, pos, offset)) != SIZE_MAX) {
			li++;
			pos = nx;
		}
	}
	*start = pos;
	return li;
}

size_t bl_source_line_start(const struct bl_source *src, size_t index)
{
	size_t lo, li, pos;

	if (index >= src->nlines)
		return src->len;
	lo = mark_before(src, index, true);
	li = src->lines[lo].line;
	pos = src->lines[lo].off;
	for (; li < index; li++)
		pos = next_line(src, pos);
	return pos;
}

/* Code points in data[from .. to). */
static size_t count_between(const struct bl_source *src, size_t from, size_t to)
{
	size_t kb, ke;

	if (!src->cols || to - from <= 2 * COL_BLOCK)
		return bl_utf8_count(src->data + from, to - from);
	kb = from / COL_BLOCK + 1;   /* the first boundary after from */
	ke = to / COL_BLOCK;         /* the last boundary at or before to */
	return bl_utf8_count(src->data + from, kb * COL_BLOCK - from) +
	       (src->cols[ke] - src->cols[kb]) +
	       bl_utf8_count(src->data + ke * COL_BLOCK, to - ke * COL_BLOCK);
}

void bl_source_locate(const struct bl_source *src, size_t offset,
		      unsigned *line, unsigned *col)
{
	size_t li, start, next;

	if (offset > src->len)
		offset = src->len;
	li = line_index(src, offset, &start, &next);
	if (li == 0 && src->bom && offset >= src->bom)
		start = src->bom;
	*line = (unsigned)li + 1;
	*col = (unsigned)count_between(src, start, offset) + 1;
}

const char *bl_source_line(const struct bl_source *src, size_t offset,
			   size_t *len)
{
	size_t li, start, end, next;

	if (offset > src->len)
		offset = src->len;
	li = line_index(src, offset, &start, &next);
	/* the next line's start, less the line break */
	if (li + 1 >= src->nlines)
		end = src->len;
	else
		end = next != SIZE_MAX ? next : next_line(src, start);
	if (li == 0 && src->bom)
		start = src->bom;
	if (end > start && src->data[end - 1] == '\n')
		end--;
	if (end > start && src->data[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->data + start;
}
