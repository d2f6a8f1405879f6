/*
 * flood.h: bounce floods.  When someone forges the user's address on a
 * large spam run, hundreds of bounces arrive in minutes.  Above [flood]
 * rate per [flood] window the inbox gets one notice per flood rather
 * than silence.  Indexing is batched by the batch indexer
 * (background.c) anyway; with [notmuch] index = delivery, a flood makes
 * one delivery at a time index in batches instead of each its own.
 */
#ifndef BACKSTOP_FLOOD_H
#define BACKSTOP_FLOOD_H

#include <stdbool.h>

#include "settings.h"

/*
 * Counts one quarantined delivery (backscatter counts towards the rate)
 * in the locked state file <state_dir>/flood.  Returns true while a
 * flood is on; the delivery that starts one puts the notice in the
 * inbox.  Any error means false (index as usual).
 */
bool flood_note(const struct settings *s, bool backscatter);

/*
 * In a flood: index the pending list in batches as the one writer, or,
 * if another delivery is that writer, leave it to that one; then bring
 * the notice's count up to date.
 */
void flood_index(const struct settings *s);

/*
 * Brings the notice's count up to date if a flood is on and the notice
 * is still unread; the batch indexer calls it after each commit.
 */
void flood_refresh_notice(const struct settings *s);

#endif
