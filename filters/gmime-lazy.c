/*
 * gmime-lazy.c: GMime is loaded on first use, not at start-up.
 *
 * Most mail is delivered without being parsed, yet a program linked
 * with GMime pays for loading it at every start.  Measured on the
 * development VM: an empty C program runs in 0.87 ms, one linked with
 * GLib in 1.35 ms, one linked with GMime in 4.9 ms; the 3.5 ms are the
 * dynamic loader's work on libgmime, libgobject, libgio, gpgme,
 * libmount, libselinux and the rest.  So mda/backstop links GLib only,
 * and this file defines the GMime and GObject functions the program
 * calls as trampolines that dlopen() GMime the first time one of them
 * is called, as notmuch-lazy.c does for libnotmuch.  The rest of the
 * code calls g_mime_* and g_object_* as usual.  GObject's functions are
 * looked up through the same handle: dlsym() on a handle searches the
 * library's dependencies too, and libgmime depends on libgobject.
 *
 * g_mime_init() runs once, right after the dlopen(), in load(); nothing
 * else may call it.  Variadic functions cannot be forwarded: call
 * g_object_new_with_properties() rather than g_object_new().
 *
 * If GMime cannot be loaded, or lacks a function, load() logs why (in
 * GLib's LAZY_LOG_DOMAIN, which the program's log reports as a warning)
 * and aborts: nothing can be classified without it.  In a delivery the
 * crash handler turns the abort into EX_TEMPFAIL with the spooled copy
 * removed, so the MTA keeps the message and retries once the library
 * is back, as it would if a linked GMime were missing at start-up.
 *
 * A function missing here shows up as an undefined reference when
 * linking mda/backstop: add one line for it below.  The unit tests,
 * fuzzer and benchmarks link GMime directly and do not use this file.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>

#include <gmime/gmime.h>

#include "lazy.h"

/* GLib's g_object_ref() macro would expand in the definition below. */
#undef g_object_ref

static void *library;

static G_GNUC_NORETURN void
fail(const char *what)
{
	const char *why = dlerror();

	g_log(LAZY_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
	    "%s from %s: %s; GMime is needed to classify mail, giving up"
	    " (a delivery exits 75 and the MTA retries)", what, GMIME_SONAME,
	    why != NULL ? why : "not found");
	abort();
}

/* Loads GMime and initialises it, once; aborts if it cannot. */
static void
load(void)
{
	void (*init)(void);

	if (library != NULL)
		return;
	/* Lazy binding, as for a linked library. */
	if ((library = dlopen(GMIME_SONAME, RTLD_LAZY | RTLD_LOCAL)) == NULL)
		fail("cannot load GMime");
	if ((init = (void (*)(void))dlsym(library, "g_mime_init")) == NULL)
		fail("cannot find g_mime_init");
	init();
}

static void *
resolve(const char *name)
{
	void *fn;

	load();
	if ((fn = dlsym(library, name)) == NULL)
		fail(name);
	return fn;
}

/* GObject: references, instances, and the type of filters/parse.c's CR filter */
FWD(gpointer, g_object_ref, (gpointer o), (o))
FWDV(g_object_unref, (gpointer o), (o))
FWD(GObject *, g_object_new_with_properties,
    (GType t, guint n, const char *names[], const GValue values[]), (t, n, names, values))
FWD(GTypeInstance *, g_type_check_instance_cast, (GTypeInstance *i, GType t), (i, t))
FWD(gboolean, g_type_check_instance_is_a, (GTypeInstance *i, GType t), (i, t))
FWD(GTypeClass *, g_type_check_class_cast, (GTypeClass *c, GType t), (c, t))
FWD(gpointer, g_type_class_peek_parent, (gpointer c), (c))
FWDV(g_type_class_adjust_private_offset, (gpointer c, gint *offset), (c, offset))
FWD(GType, g_type_register_static_simple,
    (GType parent, const gchar *name, guint class_size, GClassInitFunc class_init,
    guint instance_size, GInstanceInitFunc instance_init, GTypeFlags flags),
    (parent, name, class_size, class_init, instance_size, instance_init, flags))

/* types, for the GMIME_IS_* and GMIME_* casts */
FWD(GType, g_mime_object_get_type, (void), ())
FWD(GType, g_mime_part_get_type, (void), ())
FWD(GType, g_mime_text_part_get_type, (void), ())
FWD(GType, g_mime_multipart_get_type, (void), ())
FWD(GType, g_mime_message_part_get_type, (void), ())
FWD(GType, g_mime_filter_get_type, (void), ())
FWD(GType, g_mime_stream_filter_get_type, (void), ())
FWD(GType, g_mime_stream_fs_get_type, (void), ())
FWD(GType, internet_address_mailbox_get_type, (void), ())

/* streams, filters and the parser */
FWD(GMimeStream *, g_mime_stream_fs_new_with_bounds, (int fd, gint64 start, gint64 end),
    (fd, start, end))
FWDV(g_mime_stream_fs_set_owner, (GMimeStreamFs *s, gboolean owner), (s, owner))
FWD(GMimeStream *, g_mime_stream_mem_new_with_buffer, (const char *buf, size_t len), (buf, len))
FWD(GMimeStream *, g_mime_stream_mem_new_with_byte_array, (GByteArray *a), (a))
FWD(GMimeStream *, g_mime_stream_filter_new, (GMimeStream *s), (s))
FWD(int, g_mime_stream_filter_add, (GMimeStreamFilter *s, GMimeFilter *f), (s, f))
FWD(ssize_t, g_mime_stream_read, (GMimeStream *s, char *buf, size_t len), (s, buf, len))
FWD(int, g_mime_stream_reset, (GMimeStream *s), (s))
FWD(GMimeFilter *, g_mime_filter_basic_new, (GMimeContentEncoding e, gboolean encode),
    (e, encode))
FWDV(g_mime_filter_set_size, (GMimeFilter *f, size_t size, gboolean keep), (f, size, keep))
FWDV(g_mime_filter_backup, (GMimeFilter *f, const char *data, size_t len), (f, data, len))
FWD(GMimeParser *, g_mime_parser_new_with_stream, (GMimeStream *s), (s))
FWDV(g_mime_parser_set_persist_stream, (GMimeParser *p, gboolean persist), (p, persist))
FWD(GMimeMessage *, g_mime_parser_construct_message, (GMimeParser *p, GMimeParserOptions *o),
    (p, o))
FWD(GMimeObject *, g_mime_parser_construct_part, (GMimeParser *p, GMimeParserOptions *o),
    (p, o))

/* messages, parts and headers */
FWD(GMimeObject *, g_mime_message_get_mime_part, (GMimeMessage *m), (m))
FWD(InternetAddressList *, g_mime_message_get_from, (GMimeMessage *m), (m))
FWD(const char *, g_mime_message_get_message_id, (GMimeMessage *m), (m))
FWD(const char *, g_mime_message_get_subject, (GMimeMessage *m), (m))
FWD(GMimeMessage *, g_mime_message_part_get_message, (GMimeMessagePart *p), (p))
FWD(int, g_mime_multipart_get_count, (GMimeMultipart *m), (m))
FWD(GMimeObject *, g_mime_multipart_get_part, (GMimeMultipart *m, int i), (m, i))
FWD(const char *, g_mime_multipart_get_prologue, (GMimeMultipart *m), (m))
FWD(GMimeDataWrapper *, g_mime_part_get_content, (GMimePart *p), (p))
FWD(GMimeStream *, g_mime_data_wrapper_get_stream, (GMimeDataWrapper *w), (w))
FWD(GMimeContentEncoding, g_mime_data_wrapper_get_encoding, (GMimeDataWrapper *w), (w))
FWD(GMimeContentType *, g_mime_object_get_content_type, (GMimeObject *o), (o))
FWD(const char *, g_mime_object_get_content_type_parameter, (GMimeObject *o, const char *name),
    (o, name))
FWD(const char *, g_mime_content_type_get_parameter, (GMimeContentType *ct, const char *name),
    (ct, name))
FWD(gboolean, g_mime_content_type_is_type,
    (GMimeContentType *ct, const char *type, const char *subtype), (ct, type, subtype))
FWD(const char *, g_mime_object_get_header, (GMimeObject *o, const char *name), (o, name))
FWD(GMimeHeaderList *, g_mime_object_get_header_list, (GMimeObject *o), (o))
FWD(int, g_mime_header_list_get_count, (GMimeHeaderList *l), (l))
FWD(GMimeHeader *, g_mime_header_list_get_header_at, (GMimeHeaderList *l, int i), (l, i))
FWD(const char *, g_mime_header_get_name, (GMimeHeader *h), (h))
FWD(const char *, g_mime_header_get_value, (GMimeHeader *h), (h))

/* addresses, message-ids, charsets */
FWD(InternetAddressList *, internet_address_list_parse,
    (GMimeParserOptions *o, const char *s), (o, s))
FWD(int, internet_address_list_length, (InternetAddressList *l), (l))
FWD(InternetAddress *, internet_address_list_get_address, (InternetAddressList *l, int i),
    (l, i))
FWD(const char *, internet_address_mailbox_get_addr, (InternetAddressMailbox *m), (m))
FWD(GMimeReferences *, g_mime_references_parse, (GMimeParserOptions *o, const char *s), (o, s))
FWD(int, g_mime_references_length, (GMimeReferences *r), (r))
FWD(const char *, g_mime_references_get_message_id, (GMimeReferences *r, int i), (r, i))
FWDV(g_mime_references_free, (GMimeReferences *r), (r))
FWD(char *, g_mime_utils_decode_message_id, (const char *id), (id))
FWD(GDateTime *, g_mime_utils_header_decode_date, (const char *s), (s))
FWD(iconv_t, g_mime_iconv_open, (const char *to, const char *from), (to, from))
FWD(int, g_mime_iconv_close, (iconv_t cd), (cd))
