/*
 * test_hostile.c - reading files that change or fail under the reader,
 * files that are not files, and positions on very long lines.
 *
 * A file removed, truncated or grown while biblint reads it cannot be
 * arranged from the command line at a known moment, so this test puts its
 * own read() in front of the C library's: armed, it changes the file (or
 * fails) at the first read of the file, then reads as usual. Everything
 * else goes straight to the system call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "biblint.h"

/* ---- the read() in front of the C library's ----------------------------- */

enum trap { TRAP_NONE, TRAP_UNLINK, TRAP_TRUNCATE, TRAP_GROW, TRAP_EIO, TRAP_EINTR };

static enum trap trap;
static const char *trap_path;
static unsigned reads_seen;

ssize_t read(int fd, void *buf, size_t n)
{
	if (trap != TRAP_NONE) {
		enum trap t = trap;
		int wfd;

		reads_seen++;
		switch (t) {
		case TRAP_UNLINK:
			trap = TRAP_NONE;
			unlink(trap_path);
			break;
		case TRAP_TRUNCATE:
			trap = TRAP_NONE;
			if (truncate(trap_path, 1000) < 0)
				return -1;
			break;
		case TRAP_GROW:
			trap = TRAP_NONE;
			wfd = open(trap_path, O_WRONLY | O_APPEND);
			if (wfd < 0)
				return -1;
			for (int i = 0; i < 64; i++)
				if (write(wfd, "0123456789abcdef", 16) != 16)
					break;
			close(wfd);
			break;
		case TRAP_EIO:
			/* the second read fails, after some bytes were read */
			if (reads_seen == 2) {
				trap = TRAP_NONE;
				errno = EIO;
				return -1;
			}
			break;
		case TRAP_EINTR:
			trap = TRAP_NONE;
			errno = EINTR;
			return -1;
		case TRAP_NONE:
			break;
		}
	}
	return syscall(SYS_read, fd, buf, n);
}

static void arm(enum trap t, const char *path)
{
	trap = t;
	trap_path = path;
	reads_seen = 0;
}

/* A temporary file of n bytes ("- id: k…" lines); returns its path. */
static char *make_file(size_t n)
{
	char *path = strdup("/tmp/biblint-hostile-XXXXXX");
	int fd = mkstemp(path);
	size_t i;

	assert_true(fd >= 0);
	for (i = 0; i < n; i++) {
		char c = i % 40 == 39 ? '\n' : (char)('a' + i % 26);

		assert_int_equal(write(fd, &c, 1), 1);
	}
	close(fd);
	return path;
}

/* ---- files changing under the reader ------------------------------------ */

static void test_removed_while_reading(void **state)
{
	char *path = make_file(200000);
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	arm(TRAP_UNLINK, path);
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_OK);
	assert_int_equal(trap, TRAP_NONE);
	/* the name is gone; the open file is read to its end, as it was */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(src->len, 200000);
	assert_int_equal(src->data[39], '\n');
	assert_int_equal(src->data[199998], 'a' + 199998 % 26);
	bl_source_free(src);
	/* and a second read of the same path says what happened */
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_ERR);
	assert_null(src);
	assert_non_null(strstr(err.msg, "no such file"));
	free(path);
}

static void test_truncated_while_reading(void **state)
{
	char *path = make_file(200000);
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	arm(TRAP_TRUNCATE, path);
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_OK);
	/* what was there when the reading began: no stale bytes beyond */
	assert_int_equal(src->len, 1000);
	assert_int_equal(src->data[1000], '\0');
	assert_int_equal(src->nlines, 1000 / 40 + 1);
	bl_source_free(src);
	unlink(path);
	free(path);
}

static void test_grown_past_the_limit_while_reading(void **state)
{
	char *path = make_file(5000);
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	/* 5,000 bytes when opened, within the limit; 6,024 when read */
	arm(TRAP_GROW, path);
	assert_int_equal(bl_source_read_file(&src, path, 5500, &err), BL_ERR);
	assert_null(src);
	assert_non_null(strstr(err.msg, "larger than the limit of 5500 bytes"));
	/* within a larger limit the grown file is read whole */
	arm(TRAP_GROW, path);
	assert_int_equal(bl_source_read_file(&src, path, 1 << 20, &err), BL_OK);
	assert_int_equal(src->len, 6024 + 1024);
	bl_source_free(src);
	unlink(path);
	free(path);
}

static void test_read_error(void **state)
{
	char *path = make_file(200000);
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	arm(TRAP_EIO, path);
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_ERR);
	assert_null(src);
	assert_non_null(strstr(err.msg, "cannot read '"));
	assert_non_null(strstr(err.msg, strerror(EIO)));
	/* an interrupted read is tried again */
	arm(TRAP_EINTR, path);
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_OK);
	assert_int_equal(src->len, 200000);
	bl_source_free(src);
	unlink(path);
	free(path);
}

/* ---- things that are not regular files ---------------------------------- */

static void test_fifo_is_refused_at_once(void **state)
{
	char dir[] = "/tmp/biblint-fifo-XXXXXX";
	char path[64];
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/refs.yml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* no writer: a blocking open would wait for ever */
	assert_int_equal(bl_source_read_file(&src, path, 0, &err), BL_ERR);
	assert_null(src);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(path);
	rmdir(dir);
}

static void test_devices_are_refused(void **state)
{
	struct bl_source *src;
	struct bl_error err = { { 0 } };

	(void)state;
	assert_int_equal(bl_source_read_file(&src, "/dev/zero", 0, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(bl_source_read_file(&src, "/dev/null", 0, &err), BL_ERR);
	assert_non_null(strstr(err.msg, "not a regular file"));
}

/* ---- positions on a very long line --------------------------------------- */

/* Checks every step-th offset against a count from the line's start. */
static void check_positions(const struct bl_source *src, size_t step)
{
	size_t off, line_start = 0;
	unsigned line = 1;

	for (off = 0; off <= src->len; off++) {
		unsigned l, c;

		if (off > 0 && (src->data[off - 1] == '\n' ||
				(src->data[off - 1] == '\r' && src->data[off] != '\n'))) {
			line++;
			line_start = off;
		}
		if (off % step != 0 && off != src->len)
			continue;
		bl_source_locate(src, off, &l, &c);
		assert_int_equal(l, line);
		assert_int_equal(c, bl_utf8_count(src->data + line_start, off - line_start) + 1);
	}
}

static void test_long_line_positions(void **state)
{
	/* ASCII, Cyrillic (2 bytes), en dash (3), an emoji (4), and stray
	 * bytes that count as one column each */
	static const char *const pieces[] = {
		"abc ", "\xd0\xbf\xd1\x80\xd0\xb8 ", "1\342\200\2232 ",
		"\xf0\x9f\x98\x80 ", "\x80\xff ", "x",
	};
	struct bl_strbuf sb = BL_STRBUF_INIT;
	struct bl_source *src;
	size_t i, len;
	const char *line;

	(void)state;
	bl_strbuf_addstr(&sb, "- id: a\r\n  note: ");
	for (i = 0; i < 6000; i++)
		bl_strbuf_addstr(&sb, pieces[(i * 7) % BL_ARRAY_SIZE(pieces)]);
	bl_strbuf_addstr(&sb, "\r\n  page: 1-2\rlast");
	src = bl_source_new("long.yml", sb.buf, sb.len);
	assert_non_null(src->cols);
	assert_int_equal(src->nlines, 4);
	check_positions(src, 7);
	line = bl_source_line(src, sb.len - 3, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(line, "last", 4);
	line = bl_source_line(src, 20, &len);
	assert_int_equal(len, bl_source_line_start(src, 2) -
			      bl_source_line_start(src, 1) - 2);
	line = bl_source_line(src, bl_source_line_start(src, 2) + 2, &len);
	assert_int_equal(len, strlen("  page: 1-2"));
	bl_source_free(src);
	bl_strbuf_release(&sb);
}

static void test_short_lines_need_no_table(void **state)
{
	const char text[] = "- id: a\n  page: 1-2\n";
	struct bl_source *src = bl_source_new("x.yml", text, sizeof(text) - 1);

	(void)state;
	assert_null(src->cols);
	check_positions(src, 1);
	bl_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_removed_while_reading),
		cmocka_unit_test(test_truncated_while_reading),
		cmocka_unit_test(test_grown_past_the_limit_while_reading),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_fifo_is_refused_at_once),
		cmocka_unit_test(test_devices_are_refused),
		cmocka_unit_test(test_long_line_positions),
		cmocka_unit_test(test_short_lines_need_no_table),
	};

	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
