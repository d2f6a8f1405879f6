/*
 * lazy.h: trampolines for a library loaded on first use (gmime-lazy.c,
 * notmuch-lazy.c).  FWD(ret, name, params, args) defines name as a
 * function that looks the real one up once, through the including
 * file's own static resolve(const char *), and calls it; FWDV is the
 * same for a function returning void.
 */
#ifndef BACKSTOP_LAZY_H
#define BACKSTOP_LAZY_H

/*
 * The GLib log domain of the loaders' own complaints.  filters/ knows
 * nothing of the program's log; the program's GLib log handler
 * (mda/log.c) reports this domain at its level rather than as debug.
 */
#define LAZY_LOG_DOMAIN	"backstop-lazy"

#define FWD(ret, name, params, args) \
	ret name params { static __typeof__(&name) fn; \
	    if (fn == NULL) { fn = (__typeof__(&name))resolve(#name); } \
	    return fn args; }
#define FWDV(name, params, args) \
	void name params { static __typeof__(&name) fn; \
	    if (fn == NULL) { fn = (__typeof__(&name))resolve(#name); } \
	    fn args; }

#endif
