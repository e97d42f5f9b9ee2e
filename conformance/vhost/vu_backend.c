// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_backend.c - the vhost-user back-end's message handling and event loop
 * (vu_backend.h).
 *
 * Every message is checked before it changes anything: its payload size
 * against the request, its descriptor count, the ring index, the memory
 * table, the ring addresses.  A bad message gets a failure reply when the
 * front-end asked for one (REPLY_ACK), otherwise the connection is
 * dropped; nothing the front-end sends can crash the back-end.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "vu_backend.h"

void vu_viol_add(struct vu_backend *b, unsigned queue, int level, const char *id,
		 const char *fmt, ...)
{
	struct vu_viol *v;
	va_list ap;
	unsigned i;

	for (i = 0; i < b->nviol; i++)
		if (!strcmp(b->viol[i].id, id) && b->viol[i].queue == queue) {
			b->viol[i].count++;
			return;
		}
	if (b->nviol == VU_MAX_VIOL)
		return;
	v = &b->viol[b->nviol++];
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->level = level;
	v->queue = queue;
	v->count = 1;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	if (!b->quiet)
		fprintf(stderr, "pvvhost: queue %u: %s %s: %s\n", queue,
			level == VQC_MUST ? "violation" : "finding", id, v->msg);
}

static void vq_reset_cfg(struct vu_vq *vq)
{
	vu_vq_stop(vq);
	if (vq->kickfd >= 0)
		close(vq->kickfd);
	if (vq->callfd >= 0)
		close(vq->callfd);
	if (vq->errfd >= 0)
		close(vq->errfd);
	vq->kickfd = vq->callfd = vq->errfd = -1;
	vq->num = 0;
	vq->addr_set = false;
	vq->base = 0;
	vq->enabled = false;
	vq->broken = false;
}

int vu_backend_init(struct vu_backend *b, const struct vu_device *devm, void *dstate,
		    uint64_t offered, unsigned pairs)
{
	memset(b, 0, sizeof(*b));
	b->listen_fd = b->conn_fd = -1;
	b->devm = devm;
	b->dstate = dstate;
	b->pairs = pairs ? pairs : 1;
	if (b->pairs * devm->queues > VU_MAX_QUEUES)
		return -1;
	b->offered = offered | devm->features | VIRTIO_BIT(VU_F_PROTOCOL_FEATURES);
	b->pf_offered = VIRTIO_BIT(VU_PF_REPLY_ACK) | VIRTIO_BIT(VU_PF_RESET_DEVICE);
	if (b->pairs > 1)
		b->pf_offered |= VIRTIO_BIT(VU_PF_MQ);
	if (devm->get_config)
		b->pf_offered |= VIRTIO_BIT(VU_PF_CONFIG);
	b->checker = true;
	vu_mem_init(&b->mem);
	for (unsigned i = 0; i < VU_MAX_QUEUES; i++) {
		b->vq[i].b = b;
		b->vq[i].index = i;
		b->vq[i].kickfd = b->vq[i].callfd = b->vq[i].errfd = -1;
	}
	return 0;
}

/* Device state back to power-on: rings, memory, features. */
static void vu_reset_device(struct vu_backend *b)
{
	for (unsigned i = 0; i < VU_MAX_QUEUES; i++)
		vq_reset_cfg(&b->vq[i]);
	vu_mem_clear(&b->mem);
	b->features = 0;
	b->features_set = false;
	b->status = 0;
	if (b->devm->reset)
		b->devm->reset(b);
}

void vu_backend_disconnect(struct vu_backend *b)
{
	if (b->conn_fd >= 0) {
		close(b->conn_fd);
		b->conn_fd = -1;
		b->disconnects++;
	}
	vu_reset_device(b);
	b->pf = 0;
	b->owner = false;
}

void vu_backend_fini(struct vu_backend *b)
{
	vu_backend_disconnect(b);
	if (b->listen_fd >= 0)
		close(b->listen_fd);
	b->listen_fd = -1;
}

int vu_backend_listen(struct vu_backend *b, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		close(fd);
		return -1;
	}
	b->listen_fd = fd;
	return 0;
}

static unsigned nqueues(const struct vu_backend *b)
{
	return b->pairs * b->devm->queues;
}

/* Payload size each request must carry exactly (-1: any / handled apart). */
static int want_size(uint32_t req)
{
	switch (req) {
	case VU_GET_FEATURES: case VU_SET_OWNER: case VU_RESET_OWNER:
	case VU_GET_PROTOCOL_FEATURES: case VU_GET_QUEUE_NUM: case VU_RESET_DEVICE:
	case VU_GET_STATUS:
		return 0;      /* QEMU sends these with no payload */
	case VU_SET_FEATURES: case VU_SET_PROTOCOL_FEATURES: case VU_SET_VRING_KICK:
	case VU_SET_VRING_CALL: case VU_SET_VRING_ERR: case VU_SET_STATUS:
		return 8;
	case VU_SET_VRING_NUM: case VU_SET_VRING_BASE: case VU_GET_VRING_BASE:
	case VU_SET_VRING_ENABLE:
		return (int)sizeof(struct vu_vring_state);
	case VU_SET_VRING_ADDR:
		return (int)sizeof(struct vu_vring_addr);
	default:
		return -1;
	}
}

/* Descriptors each request may carry: exactly this many, or up to 1 for
 * kick/call/err (none with the NOFD bit). */
static int want_fds(uint32_t req)
{
	switch (req) {
	case VU_SET_MEM_TABLE:
		return -1;     /* one per region, checked by vu_mem_set() */
	case VU_SET_VRING_KICK: case VU_SET_VRING_CALL: case VU_SET_VRING_ERR:
		return -2;
	default:
		return 0;
	}
}

static int reply(struct vu_backend *b, struct vu_msg *m, uint32_t size)
{
	struct vu_msg r;

	memset(&r, 0, sizeof(r));
	r.hdr.request = m->hdr.request;
	r.hdr.flags = VU_VERSION | VU_FLAG_REPLY;
	r.hdr.size = size;
	memcpy(&r.p, &m->p, size);
	return vu_msg_send(b->conn_fd, &r);
}

static int reply_u64(struct vu_backend *b, struct vu_msg *m, uint64_t v)
{
	m->p.u64 = v;
	return reply(b, m, sizeof(uint64_t));
}

/* Result of one handler: 0 ok, 1 ok and the reply was sent, -1 refused. */
#define H_OK    0
#define H_SENT  1
#define H_FAIL -1

static int fail(struct vu_backend *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct vu_backend *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->last_error, sizeof(b->last_error), fmt, ap);
	va_end(ap);
	return H_FAIL;
}

static struct vu_vq *ring_of(struct vu_backend *b, uint32_t index)
{
	return index < nqueues(b) ? &b->vq[index] : NULL;
}

/* A ring starts once it has a size, addresses and a kick descriptor (or
 * polling), and the memory is mapped. */
static void maybe_start(struct vu_backend *b, struct vu_vq *vq)
{
	if (vq->started || !vq->addr_set || !vq->num || !b->mem.n || vq->kickfd < 0)
		return;
	if (vu_vq_start(vq) && !b->quiet)
		fprintf(stderr, "pvvhost: %s\n", b->last_error);
}

/* Kicks and calls must be eventfds: a pipe or a socket could block the
 * back-end on read, a regular file would never signal. */
static bool is_eventfd(int fd)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = 0;
	return !strcmp(link, "anon_inode:[eventfd]");
}

static int set_fd(struct vu_backend *b, struct vu_msg *m)
{
	uint64_t v = m->p.u64;
	struct vu_vq *vq = ring_of(b, (uint32_t)(v & VU_VRING_IDX_MASK));
	bool nofd = v & VU_VRING_NOFD;
	int fd, *slot;

	if (!vq)
		return fail(b, "%s: ring %u does not exist", vu_req_name(m->hdr.request),
			    (unsigned)(v & VU_VRING_IDX_MASK));
	if (v & ~(uint64_t)(VU_VRING_IDX_MASK | VU_VRING_NOFD))
		return fail(b, "%s: reserved bits 0x%llx", vu_req_name(m->hdr.request),
			    (unsigned long long)v);
	if (nofd ? m->nfds != 0 : m->nfds != 1)
		return fail(b, "%s: %u descriptors with NOFD=%d", vu_req_name(m->hdr.request),
			    m->nfds, nofd);
	if (nofd && m->hdr.request == VU_SET_VRING_KICK)
		return fail(b, "SET_VRING_KICK: polling mode is not supported");
	fd = nofd ? -1 : vu_msg_take_fd(m, 0);
	if (fd >= 0 && !is_eventfd(fd)) {
		close(fd);
		return fail(b, "%s: descriptor is not an eventfd", vu_req_name(m->hdr.request));
	}
	slot = m->hdr.request == VU_SET_VRING_KICK ? &vq->kickfd :
	       m->hdr.request == VU_SET_VRING_CALL ? &vq->callfd : &vq->errfd;
	if (*slot >= 0)
		close(*slot);
	*slot = fd;
	if (m->hdr.request == VU_SET_VRING_KICK) {
		/* without protocol features a ring is enabled when it starts */
		if (!(b->features & VIRTIO_BIT(VU_F_PROTOCOL_FEATURES)))
			vq->enabled = true;
		vu_vq_stop(vq);
		maybe_start(b, vq);
	}
	return H_OK;
}

static int handle(struct vu_backend *b, struct vu_msg *m)
{
	uint32_t req = m->hdr.request;
	int ws = want_size(req), wf = want_fds(req);
	struct vu_vq *vq;
	char err[160];

	if (req >= VU_REQ_MAX || !strcmp(vu_req_name(req), "?"))
		return fail(b, "unknown request %u", req);
	/* QEMU sends an 8-byte zero payload with some no-payload requests */
	if (ws == 0 && m->hdr.size != 0 && m->hdr.size != 8)
		return fail(b, "%s: payload of %u bytes", vu_req_name(req), m->hdr.size);
	if (ws > 0 && m->hdr.size != (uint32_t)ws)
		return fail(b, "%s: payload of %u bytes, %d expected", vu_req_name(req), m->hdr.size, ws);
	if (wf == 0 && m->nfds)
		return fail(b, "%s: %u unexpected file descriptors", vu_req_name(req), m->nfds);
	b->msg_count[req]++;

	switch (req) {
	case VU_GET_FEATURES:
		return reply_u64(b, m, b->offered) ? H_FAIL : H_SENT;
	case VU_SET_FEATURES:
		b->features_seen |= m->p.u64;
		/* FEAT-DRV-006 / FEAT-DRV-014: only offered bits (42..49 are reserved) */
		if (m->p.u64 & ~b->offered) {
			vu_viol_add(b, 0, VQC_MUST, "FEAT-DRV-006",
				    "SET_FEATURES 0x%llx accepts bits 0x%llx that were not offered",
				    (unsigned long long)m->p.u64,
				    (unsigned long long)(m->p.u64 & ~b->offered));
			return fail(b, "SET_FEATURES: bits not offered");
		}
		for (unsigned i = 0; i < nqueues(b); i++)
			if (b->vq[i].started &&
			    ((b->features ^ m->p.u64) & VIRTIO_BIT(VIRTIO_F_RING_PACKED)))
				return fail(b, "SET_FEATURES: ring layout changed while ring %u runs", i);
		b->features = m->p.u64;
		b->features_set = true;
		return H_OK;
	case VU_GET_PROTOCOL_FEATURES:
		return reply_u64(b, m, b->pf_offered) ? H_FAIL : H_SENT;
	case VU_SET_PROTOCOL_FEATURES:
		if (m->p.u64 & ~b->pf_offered)
			return fail(b, "SET_PROTOCOL_FEATURES: bits 0x%llx not offered",
				    (unsigned long long)(m->p.u64 & ~b->pf_offered));
		b->pf = m->p.u64;
		return H_OK;
	case VU_SET_OWNER:
		b->owner = true;
		return H_OK;
	case VU_RESET_OWNER:
	case VU_RESET_DEVICE:
		vu_reset_device(b);
		return H_OK;
	case VU_GET_QUEUE_NUM:
		return reply_u64(b, m, b->pairs) ? H_FAIL : H_SENT;
	case VU_SET_MEM_TABLE: {
		struct vu_mem_table t;
		size_t hdr = offsetof(struct vu_mem_table, regions);
		int rc;

		memset(&t, 0, sizeof(t));
		if (m->hdr.size < hdr)
			return fail(b, "SET_MEM_TABLE: payload of %u bytes", m->hdr.size);
		memcpy(&t, &m->p.mem, hdr);
		if (t.nregions > VU_MAX_REGIONS ||
		    m->hdr.size != hdr + t.nregions * sizeof(struct vu_mem_region))
			return fail(b, "SET_MEM_TABLE: %u regions in %u bytes", t.nregions, m->hdr.size);
		memcpy(t.regions, m->p.mem.regions, t.nregions * sizeof(struct vu_mem_region));
		/* rings hold pointers into the old table: stop them first */
		for (unsigned i = 0; i < nqueues(b); i++)
			if (b->vq[i].started)
				vu_vq_stop(&b->vq[i]);
		rc = vu_mem_set(&b->mem, &t, m->fds, m->nfds, err, sizeof(err));
		vu_msg_close_fds(m);
		if (rc)
			return fail(b, "SET_MEM_TABLE: %s", err);
		for (unsigned i = 0; i < nqueues(b); i++)
			maybe_start(b, &b->vq[i]);
		return H_OK;
	}
	case VU_SET_VRING_NUM:
		vq = ring_of(b, m->p.state.index);
		if (!vq)
			return fail(b, "SET_VRING_NUM: ring %u does not exist", m->p.state.index);
		if (!m->p.state.num || m->p.state.num > 32768u)
			return fail(b, "SET_VRING_NUM: size %u", m->p.state.num);
		if (vq->started)
			return fail(b, "SET_VRING_NUM: ring %u is running", vq->index);
		vq->num = m->p.state.num;
		return H_OK;
	case VU_SET_VRING_ADDR:
		vq = ring_of(b, m->p.addr.index);
		if (!vq)
			return fail(b, "SET_VRING_ADDR: ring %u does not exist", m->p.addr.index);
		if (m->p.addr.flags & ~VU_VRING_F_LOG)
			return fail(b, "SET_VRING_ADDR: flags 0x%x", m->p.addr.flags);
		if (vq->started)
			return fail(b, "SET_VRING_ADDR: ring %u is running", vq->index);
		/* addresses are checked against the table when the ring starts */
		vq->desc_ua = m->p.addr.desc_uaddr;
		vq->avail_ua = m->p.addr.avail_uaddr;
		vq->used_ua = m->p.addr.used_uaddr;
		vq->addr_set = true;
		return H_OK;
	case VU_SET_VRING_BASE:
		vq = ring_of(b, m->p.state.index);
		if (!vq)
			return fail(b, "SET_VRING_BASE: ring %u does not exist", m->p.state.index);
		if (vq->started)
			return fail(b, "SET_VRING_BASE: ring %u is running", vq->index);
		vq->base = m->p.state.num;
		return H_OK;
	case VU_GET_VRING_BASE:
		vq = ring_of(b, m->p.state.index);
		if (!vq)
			return fail(b, "GET_VRING_BASE: ring %u does not exist", m->p.state.index);
		/* stops the ring; split rings report only last_avail_idx */
		vu_vq_stop(vq);
		m->p.state.num = vq->layout == VIRTQ_LAYOUT_PACKED ? vq->base : (vq->base & 0xffffu);
		if (vq->kickfd >= 0)
			close(vq->kickfd);
		vq->kickfd = -1;
		return reply(b, m, sizeof(struct vu_vring_state)) ? H_FAIL : H_SENT;
	case VU_SET_VRING_KICK:
	case VU_SET_VRING_CALL:
	case VU_SET_VRING_ERR:
		return set_fd(b, m);
	case VU_SET_VRING_ENABLE:
		vq = ring_of(b, m->p.state.index);
		if (!vq)
			return fail(b, "SET_VRING_ENABLE: ring %u does not exist", m->p.state.index);
		if (m->p.state.num > 1)
			return fail(b, "SET_VRING_ENABLE: value %u", m->p.state.num);
		vq->enabled = m->p.state.num;
		return H_OK;
	case VU_GET_CONFIG: {
		uint32_t hsz = (uint32_t)offsetof(struct vu_config, region);

		if (!b->devm->get_config || !(b->pf & VIRTIO_BIT(VU_PF_CONFIG)))
			return fail(b, "GET_CONFIG: configuration space not negotiated");
		if (m->hdr.size < hsz || m->p.config.size > sizeof(m->p.config.region) ||
		    m->hdr.size != hsz + m->p.config.size)
			return fail(b, "GET_CONFIG: %u bytes for a %u-byte region", m->hdr.size,
				    m->p.config.size);
		if (b->devm->get_config(b, m->p.config.offset, m->p.config.region, m->p.config.size))
			return fail(b, "GET_CONFIG: bytes %u..%u outside the configuration space",
				    m->p.config.offset, m->p.config.offset + m->p.config.size);
		return reply(b, m, m->hdr.size) ? H_FAIL : H_SENT;
	}
	case VU_SET_STATUS:
		if (m->p.u64 > 0xff)
			return fail(b, "SET_STATUS: 0x%llx", (unsigned long long)m->p.u64);
		b->status = (uint8_t)m->p.u64;
		return H_OK;
	case VU_GET_STATUS:
		return reply_u64(b, m, b->status) ? H_FAIL : H_SENT;
	default:
		return fail(b, "%s: not supported", vu_req_name(req));
	}
}

int vu_backend_serve_one(struct vu_backend *b)
{
	struct vu_msg m;
	char err[160];
	int rc = vu_msg_recv(b->conn_fd, &m, err, sizeof(err));
	bool ack;

	if (rc == 0) {
		vu_backend_disconnect(b);
		return 0;
	}
	b->msgs++;
	if (rc < 0) {
		b->msg_errors++;
		snprintf(b->last_error, sizeof(b->last_error), "%s", err);
		if (!b->quiet)
			fprintf(stderr, "pvvhost: bad message: %s: disconnecting\n", err);
		vu_backend_disconnect(b);
		return -1;
	}
	if (b->nlast == 8)
		memmove(b->last_req, b->last_req + 1, 7 * sizeof(b->last_req[0]));
	b->last_req[b->nlast < 8 ? b->nlast++ : 7] = m.hdr.request;
	ack = (m.hdr.flags & VU_FLAG_NEED_REPLY) && (b->pf & VIRTIO_BIT(VU_PF_REPLY_ACK));
	rc = handle(b, &m);
	vu_msg_close_fds(&m);
	if (rc == H_FAIL) {
		b->msg_errors++;
		if (!b->quiet)
			fprintf(stderr, "pvvhost: %s refused: %s\n", vu_req_name(m.hdr.request),
				b->last_error);
		if (!ack) {
			vu_backend_disconnect(b);
			return -1;
		}
		if (reply_u64(b, &m, 1)) {
			vu_backend_disconnect(b);
			return -1;
		}
		return 1;
	}
	if (rc == H_OK && ack && reply_u64(b, &m, 0)) {
		vu_backend_disconnect(b);
		return -1;
	}
	return 1;
}

/* Run a queue's device work with notifications off, then re-arm them;
 * returns the buffers taken. */
static unsigned run_queue(struct vu_backend *b, struct vu_vq *vq)
{
	unsigned n = 0;

	if (!vu_vq_ready(vq))
		return 0;
	vu_vq_notify_disable(vq);
	for (;;) {
		unsigned k = b->devm->process(b, vq);

		n += k;
		if (!vu_vq_ready(vq))
			break;
		/* re-arm; buffers that arrived meanwhile are taken now, unless
		 * the device had no use for them (receive buffers, no frame) */
		if (vu_vq_notify_enable(vq) || !k)
			break;
		vu_vq_notify_disable(vq);
	}
	vu_vq_check_round(vq);
	return n;
}

/* Drain a kick eventfd; true when it had been signalled. */
static bool drain(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	eventfd_t v;

	/* the front-end's eventfd may be blocking: read only when readable */
	if (fd < 0 || poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
		return false;
	return eventfd_read(fd, &v) == 0 && v;
}

/*
 * Idle sweep (VQP-DRV-038, VQS-DRV-024/026): the device asked for
 * notifications and slept; if buffers are waiting after a quiet second
 * while no kick arrived, and none arrives within a grace period after we
 * find them, the driver did not notify.
 */
static void sweep(struct vu_backend *b, struct vu_vq *vq)
{
	bool armed = vq->notify_on, kicked;
	unsigned n;

	if (!vu_vq_ready(vq) || vu_now() - vq->last_kick < 1.0)
		return;
	kicked = drain(vq->kickfd);
	n = run_queue(b, vq);
	if (!n || kicked || !armed)
		return;
	usleep(1000000);
	if (drain(vq->kickfd))
		return;
	vq->sweep_hits++;
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		vu_viol_add(b, vq->index, VQC_MUST, "VQP-DRV-038",
			    "%u buffer(s) made available while the device asked for notifications, and no notification within 2 s", n);
	else
		vu_viol_add(b, vq->index, VQC_MUST,
			    vq->dev.f_event_idx ? "VQS-DRV-026" : "VQS-DRV-024",
			    "%u buffer(s) made available while the device asked for notifications, and no notification within 2 s", n);
}

void vu_backend_run(struct vu_backend *b, double deadline, bool until_disconnect,
		    volatile int *stop)
{
	double last_sweep = vu_now();
	bool had_conn = false;

	while (!(stop && *stop) && vu_now() < deadline) {
		struct pollfd pf[2 + VU_MAX_QUEUES];
		unsigned map[2 + VU_MAX_QUEUES];
		unsigned n = 0, i;
		int rc;

		if (b->conn_fd < 0 && had_conn && until_disconnect)
			break;
		if (b->conn_fd < 0 && b->listen_fd >= 0) {
			pf[n].fd = b->listen_fd;
			pf[n].events = POLLIN;
			map[n++] = 1000;
		}
		if (b->conn_fd >= 0) {
			pf[n].fd = b->conn_fd;
			pf[n].events = POLLIN;
			map[n++] = 1001;
		}
		for (i = 0; i < nqueues(b); i++)
			if (vu_vq_ready(&b->vq[i]) && b->vq[i].kickfd >= 0) {
				pf[n].fd = b->vq[i].kickfd;
				pf[n].events = POLLIN;
				map[n++] = i;
			}
		rc = poll(pf, n, 100);
		if (rc < 0 && errno != EINTR)
			break;
		for (i = 0; rc > 0 && i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (map[i] == 1000) {
				b->conn_fd = accept4(b->listen_fd, NULL, NULL, SOCK_CLOEXEC);
				if (b->conn_fd >= 0) {
					b->connections++;
					had_conn = true;
				}
			} else if (map[i] == 1001) {
				if (b->conn_fd >= 0)
					vu_backend_serve_one(b);
			} else if (drain(b->vq[map[i]].kickfd)) {
				b->vq[map[i]].kicks++;
				b->vq[map[i]].last_kick = vu_now();
				b->lay_kicks[b->vq[map[i]].layout]++;
				run_queue(b, &b->vq[map[i]]);
			}
		}
		if (b->devm->tick)
			b->devm->tick(b);
		if (vu_now() - last_sweep > 1.0) {
			for (i = 0; i < nqueues(b); i++)
				sweep(b, &b->vq[i]);
			last_sweep = vu_now();
		}
	}
}
