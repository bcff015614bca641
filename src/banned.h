/*
 * banned.h - functions that must not be used in biblint.
 *
 * Each of these has an unbounded write or hidden global state. Including this
 * header last turns any use into a compile error. Use the bounded helpers in
 * util.h instead (bl_strbuf_*, snprintf).
 */
#ifndef BL_BANNED_H
#define BL_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_biblint

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
