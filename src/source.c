/*
 * source.c - the bytes of one input, where they came from, and a line table
 * that turns byte offsets into line:column positions.
 *
 * Line breaks are LF, CRLF or a lone CR. Columns count Unicode code points
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

/* src->cols[k]: code points in data[0 .. k * COL_BLOCK), built only when
 * some line is longer than a block. */
static void build_cols(struct bl_source *src)
{
	size_t i, k, nblocks;
	uint32_t count = 0;

	for (i = 0; i < src->nlines; i++) {
		size_t end = i + 1 < src->nlines ? src->lines[i + 1] : src->len;

		if (end - src->lines[i] > COL_BLOCK)
			break;
	}
	if (i == src->nlines)
		return;
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

static void build_lines(struct bl_source *src)
{
	size_t cap = 64, n = 0, i;
	uint32_t *lines = bl_xmalloc(cap * sizeof(*lines));

	lines[n++] = 0;
	if (!memchr(src->data, '\r', src->len)) {
		/* LF only (the common case): let memchr find the breaks */
		const char *p = src->data, *end = src->data + src->len;

		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p++;
			BL_GROW(lines, n + 1, cap);
			lines[n++] = (uint32_t)(p - src->data);
		}
		src->lines = lines;
		src->nlines = n;
		build_cols(src);
		return;
	}
	for (i = 0; i < src->len; i++) {
		char c = src->data[i];

		if (c != '\n' && c != '\r')
			continue;
		if (c == '\r' && i + 1 < src->len && src->data[i + 1] == '\n')
			i++;
		if (i + 1 <= src->len) {
			BL_GROW(lines, n + 1, cap);
			lines[n++] = (uint32_t)(i + 1);
		}
	}
	src->lines = lines;
	src->nlines = n;
	build_cols(src);
}

struct bl_source *bl_source_new(const char *path, const char *data, size_t len)
{
	struct bl_source *src;

	if (len >= UINT32_MAX)
		return NULL;
	src = bl_xcalloc(1, sizeof(*src));
	src->path = bl_xstrdup(path);
	src->data = bl_xmalloc(len + 1);
	if (len)
		memcpy(src->data, data, len);
	src->data[len] = '\0';
	src->len = len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		src->bom = 3;
	bl_arena_init(&src->arena);
	build_lines(src);
	return src;
}

static struct bl_source *source_adopt(const char *path, char *data, size_t len)
{
	struct bl_source *src = bl_xcalloc(1, sizeof(*src));

	src->path = bl_xstrdup(path);
	src->data = data;
	src->data[len] = '\0';
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
	buf = bl_xmalloc(cap + 1);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (max_size && len > max_size)
				break;
			cap *= 2;
			buf = bl_xrealloc(buf, cap + 1);
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
		*out = source_adopt("<stdin>", data, len);
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
	*out = source_adopt(path, data, len);
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

static size_t line_index(const struct bl_source *src, size_t offset)
{
	size_t lo = 0, hi = src->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
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
	size_t li, start;

	if (offset > src->len)
		offset = src->len;
	li = line_index(src, offset);
	start = src->lines[li];
	if (li == 0 && src->bom && offset >= src->bom)
		start = src->bom;
	*line = (unsigned)li + 1;
	*col = (unsigned)count_between(src, start, offset) + 1;
}

const char *bl_source_line(const struct bl_source *src, size_t offset,
			   size_t *len)
{
	size_t li, start, end;

	if (offset > src->len)
		offset = src->len;
	li = line_index(src, offset);
	start = src->lines[li];
	if (li == 0 && src->bom)
		start = src->bom;
	/* the next line's start, less the line break */
	end = li + 1 < src->nlines ? src->lines[li + 1] : src->len;
	if (end > start && src->data[end - 1] == '\n')
		end--;
	if (end > start && src->data[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->data + start;
}
