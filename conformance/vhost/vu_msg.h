/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_msg.h - one vhost-user message on a unix stream socket, with the file
 * descriptors that ride along (SCM_RIGHTS).
 */
#ifndef VU_MSG_H
#define VU_MSG_H

#include <stddef.h>
#include "vu_proto.h"

struct vu_msg {
	struct vu_hdr hdr;
	union vu_payload p;
	int fds[VU_MAX_FDS];
	unsigned nfds;
};

/*
 * Read one message.  1: *m holds it (the caller owns m->fds); 0: the peer
 * closed the connection before a header; -1: a malformed message (reason
 * in err; any descriptors that came with it are closed).
 */
int vu_msg_recv(int sock, struct vu_msg *m, char *err, size_t errlen);
/* Send hdr + hdr.size payload bytes and m->nfds descriptors. 0 or -1. */
int vu_msg_send(int sock, const struct vu_msg *m);
/* Close every descriptor the message still holds. */
void vu_msg_close_fds(struct vu_msg *m);
/* Take descriptor i out of the message (the caller now owns it); -1 if none. */
int vu_msg_take_fd(struct vu_msg *m, unsigned i);

#endif /* VU_MSG_H */
