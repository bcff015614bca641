/*
 * link/nocerts.c - keeps libgit2 from loading the system's CA bundle.
 *
 * Debian's libgit2 1.5 uses mbedTLS, whose global init in
 * git_libgit2_init() parses the system's whole CA bundle: about 4 ms, which
 * is more than the rest of a pre-commit run in a small repository. biblint
 * never opens a network connection, so it loads no certificates.
 *
 * Linked into every program beside libbiblint.a (not part of it):
 * - linking against the shared libgit2, this definition is the one the
 *   dynamic linker binds libgit2's call to;
 * - linking libgit2 statically (BL_LINK_STATIC), the call is redirected
 *   with -Wl,--wrap=mbedtls_x509_crt_parse_file, since mbedTLS's own
 *   definition is in the same program.
 * With another TLS backend nothing calls it.
 */
#ifdef BL_LINK_STATIC
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path)
#else
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
#endif
{
	(void)chain;
	(void)path;
	return 0;
}
