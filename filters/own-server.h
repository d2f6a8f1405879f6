/*
 * own-server.h: did the server that delivers the user's mail take the
 * original from her itself?  (own-server.c)
 */
#ifndef BACKSTOP_OWN_SERVER_H
#define BACKSTOP_OWN_SERVER_H

#include "evidence.h"

/*
 * When the answer was made on the user's own server and the original's
 * topmost Received: line is a submission at that same server, adds a
 * "relay" entry saying sent and returns true; else adds nothing.
 */
bool own_server_submission(const struct answer *a, GPtrArray *list);

#endif
