/*
 * link/nocerts.c - keeps libgit2 from setting up TLS and SSH at start-up.
 *
 * Debian's libgit2 1.5 uses mbedTLS, whose global init in
 * git_libgit2_init() seeds a random generator and parses the system's whole
 * CA bundle (about 4 ms, more than the rest of a pre-commit run in a small
 * repository), and initialises libssh2 and with it OpenSSL. biblint only
 * reads local repositories and never opens a network connection.
 *
 * Linked into every program beside libbiblint.a (not part of it):
 * - linking against the shared libgit2, the definition of
 *   mbedtls_x509_crt_parse_file below is the one the dynamic linker binds
 *   libgit2's call to, so no certificate is loaded;
 * - linking libgit2 statically (BL_LINK_STATIC), the calls are redirected
 *   with -Wl,--wrap=SYMBOL: the TLS and SSH transports' global inits are
 *   skipped (those transports are then not registered; biblint uses
 *   neither), and the certificate loader, should another path reach it,
 *   loads nothing. The SSH transport's constructor, the only other symbol
 *   of libgit2's ssh.c that libgit2 names, is redirected too and refuses:
 *   ssh.c is then not linked, nor libssh2, nor the OpenSSL library that
 *   only libssh2 uses, whose start-up code probes the processor's features
 *   at every start (instructions a virtual machine traps, some 50 us).
 */
#ifdef BL_LINK_STATIC
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_transport_ssh_global_init(void);
int __wrap_git_smart_subtransport_ssh(void **out, void *owner, void *param);

int __wrap_git_mbedtls_stream_global_init(void)
{
	return 0;
}

int __wrap_git_transport_ssh_global_init(void)
{
	return 0;
}

int __wrap_git_smart_subtransport_ssh(void **out, void *owner, void *param)
{
	(void)owner;
	(void)param;
	*out = 0;
	return -1;
}

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
