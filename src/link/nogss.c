/*
 * link/nogss.c - the GSS-API entry points libgit2's HTTP transport names.
 *
 * A statically linked libgit2 refers to the Kerberos GSS-API library for
 * "Negotiate" authentication over HTTP. biblint only reads local
 * repositories and never opens a network connection, so instead of loading
 * six Kerberos libraries at every start (about half a millisecond of a
 * pre-commit run), these definitions answer every call with GSS_S_FAILURE.
 * Linked only into the statically linked binary (BL_LINK_STATIC builds);
 * the shared libgit2 brings its own.
 */
#include <stddef.h>

typedef unsigned int bl_gss_status;

#define BL_GSS_FAILURE (13u << 16)

/* gss_OID: a pointer to an OID descriptor; the name type is never used */
const void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

/* Every GSS-API call takes the minor status as its first argument. */
#define BL_GSS_STUB(fn)                                                      \
	bl_gss_status fn(bl_gss_status *minor, ...);                        \
	bl_gss_status fn(bl_gss_status *minor, ...)                         \
	{                                                                    \
		if (minor)                                                   \
			*minor = 0;                                          \
		return BL_GSS_FAILURE;                                       \
	}

BL_GSS_STUB(gss_delete_sec_context)
BL_GSS_STUB(gss_display_status)
BL_GSS_STUB(gss_import_name)
BL_GSS_STUB(gss_indicate_mechs)
BL_GSS_STUB(gss_init_sec_context)
BL_GSS_STUB(gss_release_buffer)
BL_GSS_STUB(gss_release_name)
BL_GSS_STUB(gss_release_oid_set)
