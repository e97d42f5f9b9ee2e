// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_msg.c - read and write vhost-user messages (vu_msg.h).  A message is
 * a 12-byte header, then exactly hdr.size payload bytes; the descriptors
 * arrive with the header.  Anything else (a short read, a payload larger
 * than any request has, too many descriptors, a wrong version) is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "vu_msg.h"

static const char *const vu_names[VU_REQ_MAX] = {
	[VU_GET_FEATURES] = "GET_FEATURES", [VU_SET_FEATURES] = "SET_FEATURES",
	[VU_SET_OWNER] = "SET_OWNER", [VU_RESET_OWNER] = "RESET_OWNER",
	[VU_SET_MEM_TABLE] = "SET_MEM_TABLE", [VU_SET_LOG_BASE] = "SET_LOG_BASE",
	[VU_SET_LOG_FD] = "SET_LOG_FD", [VU_SET_VRING_NUM] = "SET_VRING_NUM",
	[VU_SET_VRING_ADDR] = "SET_VRING_ADDR", [VU_SET_VRING_BASE] = "SET_VRING_BASE",
	[VU_GET_VRING_BASE] = "GET_VRING_BASE", [VU_SET_VRING_KICK] = "SET_VRING_KICK",
	[VU_SET_VRING_CALL] = "SET_VRING_CALL", [VU_SET_VRING_ERR] = "SET_VRING_ERR",
	[VU_GET_PROTOCOL_FEATURES] = "GET_PROTOCOL_FEATURES",
	[VU_SET_PROTOCOL_FEATURES] = "SET_PROTOCOL_FEATURES",
	[VU_GET_QUEUE_NUM] = "GET_QUEUE_NUM", [VU_SET_VRING_ENABLE] = "SET_VRING_ENABLE",
	[VU_SEND_RARP] = "SEND_RARP", [VU_NET_SET_MTU] = "NET_SET_MTU",
	[VU_SET_BACKEND_REQ_FD] = "SET_BACKEND_REQ_FD", [VU_IOTLB_MSG] = "IOTLB_MSG",
	[VU_SET_VRING_ENDIAN] = "SET_VRING_ENDIAN", [VU_GET_CONFIG] = "GET_CONFIG",
	[VU_SET_CONFIG] = "SET_CONFIG", [VU_GET_INFLIGHT_FD] = "GET_INFLIGHT_FD",
	[VU_SET_INFLIGHT_FD] = "SET_INFLIGHT_FD", [VU_RESET_DEVICE] = "RESET_DEVICE",
	[VU_GET_MAX_MEM_SLOTS] = "GET_MAX_MEM_SLOTS", [VU_ADD_MEM_REG] = "ADD_MEM_REG",
	[VU_REM_MEM_REG] = "REM_MEM_REG", [VU_SET_STATUS] = "SET_STATUS",
	[VU_GET_STATUS] = "GET_STATUS",
};

const char *vu_req_name(uint32_t req)
{
	return req < VU_REQ_MAX && vu_names[req] ? vu_names[req] : "?";
}

void vu_msg_close_fds(struct vu_msg *m)
{
	for (unsigned i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
}

int vu_msg_take_fd(struct vu_msg *m, unsigned i)
{
	int fd;

	if (i >= m->nfds)
		return -1;
	fd = m->fds[i];
	m->fds[i] = -1;
	return fd;
}

/* Read exactly len bytes; 1, 0 (EOF before the first byte) or -1. */
static int read_all(int sock, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(sock, (char *)buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 && got == 0 ? 0 : -1;
		got += (size_t)n;
	}
	return 1;
}

int vu_msg_recv(int sock, struct vu_msg *m, char *err, size_t errlen)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { &m->hdr, sizeof(m->hdr) };
	struct msghdr mh = { 0 };
	struct cmsghdr *c;
	ssize_t n;
	int rc;

	memset(m, 0, sizeof(*m));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	do {
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	} while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (m->nfds < VU_MAX_FDS)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
	if (n < 0) {
		snprintf(err, errlen, "recvmsg: %s", strerror(errno));
		goto bad;
	}
	if ((size_t)n != sizeof(m->hdr)) {
		snprintf(err, errlen, "short header (%zd bytes)", n);
		goto bad;
	}
	if (mh.msg_flags & MSG_CTRUNC) {
		snprintf(err, errlen, "%s: more than %u file descriptors", vu_req_name(m->hdr.request),
			 VU_MAX_FDS);
		goto bad;
	}
	if ((m->hdr.flags & VU_VERSION_MASK) != VU_VERSION) {
		snprintf(err, errlen, "%s: protocol version %u (1 expected)", vu_req_name(m->hdr.request),
			 m->hdr.flags & VU_VERSION_MASK);
		goto bad;
	}
	if (m->hdr.size > VU_MAX_PAYLOAD) {
		snprintf(err, errlen, "%s: payload of %u bytes (at most %u)", vu_req_name(m->hdr.request),
			 m->hdr.size, VU_MAX_PAYLOAD);
		goto bad;
	}
	if (m->hdr.size) {
		rc = read_all(sock, &m->p, m->hdr.size);
		if (rc <= 0) {
			snprintf(err, errlen, "%s: payload cut short", vu_req_name(m->hdr.request));
			goto bad;
		}
	}
	return 1;
bad:
	vu_msg_close_fds(m);
	return -1;
}

int vu_msg_send(int sock, const struct vu_msg *m)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = {
		{ (void *)&m->hdr, sizeof(m->hdr) },
		{ (void *)&m->p, m->hdr.size },
	};
	struct msghdr mh = { 0 };
	size_t want = sizeof(m->hdr) + m->hdr.size;
	ssize_t n;

	if (m->hdr.size > VU_MAX_PAYLOAD || m->nfds > VU_MAX_FDS)
		return -1;
	mh.msg_iov = iov;
	mh.msg_iovlen = m->hdr.size ? 2 : 1;
	if (m->nfds) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * m->nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * m->nfds);
		memcpy(CMSG_DATA(c), m->fds, sizeof(int) * m->nfds);
	}
	do {
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t)want ? 0 : -1;
}
