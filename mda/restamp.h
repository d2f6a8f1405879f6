/*
 * restamp.h: give a message that scan moved the X-Backstop line a
 * delivery would have given it.
 */
#ifndef BACKSTOP_RESTAMP_H
#define BACKSTOP_RESTAMP_H

#include "classify.h"

/*
 * Rewrites path (a file in folder's new/ or cur/) with stamp_line(o)
 * first, in place of an X-Backstop line already first (ours, from an
 * earlier delivery), keeping the rest byte for byte and the line-end
 * style: the copy is written in folder's tmp/, fsynced and renamed over
 * path, then the directory is fsynced.  Never two copies, never none.
 * 0, or -1/errno with path unchanged.
 */
int restamp(const char *path, const char *folder, const struct outcome *o);

#endif
