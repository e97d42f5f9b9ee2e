// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_frontend.c - the vhost-user front-end on the reference driver
 * (vu_frontend.h).
 *
 * What the back-end does is judged here by the device requirements it
 * touches: a used element the reference driver refuses (an ID not
 * outstanding, a length beyond the writable part, a used index running
 * ahead) breaks the queue and is reported with its VQP-DEV / VQS-DEV ID; a
 * transmit buffer that comes back changed was written although it is
 * device-readable; a received frame whose length or bytes are not those
 * of a frame we sent was published wrongly; used elements that are
 * waiting while the driver asked for a notification and none came are a
 * missed notification.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "vu_frontend.h"
#include "virtio_features.h"

#define VIRTIO_NET_F_MRG_RXBUF 15
#define TX_WINDOW 128u

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void vf_viol(struct vf *f, bool must, const char *id, const char *fmt, ...)
{
	struct vf_viol *v;
	va_list ap;

	for (unsigned i = 0; i < f->nviol; i++)
		if (!strcmp(f->viol[i].id, id)) {
			f->viol[i].count++;
			return;
		}
	if (f->nviol == VF_MAX_VIOL)
		return;
	v = &f->viol[f->nviol++];
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->must = must;
	v->count = 1;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "pvvhost-frontend: %s %s: %s\n", must ? "violation" : "finding", id, v->msg);
}

static bool packed(const struct vf *f)
{
	return f->layout == VIRTQ_LAYOUT_PACKED;
}

static void *alloc(struct vf *f, size_t len, size_t align, uint64_t *gpa)
{
	size_t off = (f->used + align - 1) & ~(align - 1);

	if (off + len > VF_MEM_SIZE)
		return NULL;
	f->used = off + len;
	*gpa = VF_MEM_GPA + off;
	return f->mem + off;
}

static uint64_t gpa_of(const struct vf *f, const void *p)
{
	return VF_MEM_GPA + (uint64_t)((const uint8_t *)p - f->mem);
}

/* One request; with a reply (GET_*) or, when REPLY_ACK is on, an ack.
 * 0 or -1 (f->err). */
static int request(struct vf *f, uint32_t req, const void *p, uint32_t size, const int *fds,
		   unsigned nfds, bool get, uint64_t *out)
{
	struct vu_msg m, r;
	bool ack = !get && (f->pf & VIRTIO_BIT(VU_PF_REPLY_ACK));
	char err[160];

	memset(&m, 0, sizeof(m));
	m.hdr.request = req;
	m.hdr.flags = VU_VERSION | (ack ? VU_FLAG_NEED_REPLY : 0);
	m.hdr.size = size;
	if (size)
		memcpy(&m.p, p, size);
	if (nfds)
		memcpy(m.fds, fds, sizeof(int) * nfds);
	m.nfds = nfds;
	if (vu_msg_send(f->sock, &m)) {
		snprintf(f->err, sizeof(f->err), "%s: send failed", vu_req_name(req));
		return -1;
	}
	if (!get && !ack)
		return 0;
	if (vu_msg_recv(f->sock, &r, err, sizeof(err)) != 1) {
		snprintf(f->err, sizeof(f->err), "%s: no reply", vu_req_name(req));
		return -1;
	}
	vu_msg_close_fds(&r);
	if (r.hdr.request != req || !(r.hdr.flags & VU_FLAG_REPLY)) {
		snprintf(f->err, sizeof(f->err), "%s: reply to %u", vu_req_name(req), r.hdr.request);
		return -1;
	}
	if (get) {
		if (out)
			memcpy(out, &r.p, r.hdr.size < 8 ? r.hdr.size : 8);
		return 0;
	}
	if (r.hdr.size != 8 || r.p.u64) {
		snprintf(f->err, sizeof(f->err), "%s refused by the back-end", vu_req_name(req));
		return -1;
	}
	return 0;
}

static int chk_init(struct vf *f, struct vf_queue *q, void *desc, void *drv, void *dev);

static int start_queue(struct vf *f, struct vf_queue *q)
{
	struct virtq_ring_offsets o;
	struct virtq_drv_cfg cfg = { 0 };
	struct vu_vring_state st = { q->index, VF_QSIZE };
	struct vu_vring_addr a = { 0 };
	uint64_t gpa, v = q->index;
	size_t psz;
	uint8_t *ind;

	if (virtq_ring_layout(f->layout, VF_QSIZE, &o))
		return -1;
	q->ring = alloc(f, o.total, 4096, &gpa);
	psz = virtq_drv_priv_size(f->layout, VF_QSIZE);
	q->priv = aligned_alloc(64, (psz + 63) & ~(size_t)63);
	q->bufs = alloc(f, (size_t)VF_QSIZE * VF_BUF, 4096, &q->bufs_gpa);
	ind = alloc(f, (size_t)VF_QSIZE * 4 * 16, 16, &gpa);
	if (!q->ring || !q->priv || !q->bufs || !ind)
		return -1;
	memset(q->ring, 0, o.total);
	cfg.layout = f->layout;
	cfg.num = VF_QSIZE;
	cfg.vq_index = (uint16_t)q->index;
	cfg.features = f->features;
	cfg.desc.va = q->ring + o.desc;
	cfg.desc.dma = gpa_of(f, cfg.desc.va);
	cfg.driver.va = q->ring + o.driver;
	cfg.driver.dma = gpa_of(f, cfg.driver.va);
	cfg.device.va = q->ring + o.device;
	cfg.device.dma = gpa_of(f, cfg.device.va);
	cfg.priv = q->priv;
	cfg.priv_size = psz;
	cfg.indirect.va = ind;
	cfg.indirect.dma = gpa;
	cfg.max_indirect = 4;
	if (f->checker ? chk_init(f, q, cfg.desc.va, cfg.driver.va, cfg.device.va) :
			 virtq_drv_init(&q->drv, &cfg)) {
		snprintf(f->err, sizeof(f->err), "driver init failed for queue %u", q->index);
		return -1;
	}
	q->kickfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->callfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (request(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0, false, NULL))
		return -1;
	/* both positions at slot 0 with wrap counters 1 (packed) */
	st.num = packed(f) ? 0x80008000u : 0;
	if (request(f, VU_SET_VRING_BASE, &st, sizeof(st), NULL, 0, false, NULL))
		return -1;
	a.index = q->index;
	/* ring addresses are our own virtual addresses (the back-end maps
	 * them through the table's userspace_addr) */
	a.desc_uaddr = (uint64_t)(uintptr_t)cfg.desc.va;
	a.avail_uaddr = (uint64_t)(uintptr_t)cfg.driver.va;
	a.used_uaddr = (uint64_t)(uintptr_t)cfg.device.va;
	if (request(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0, false, NULL) ||
	    request(f, VU_SET_VRING_CALL, &v, 8, &q->callfd, 1, false, NULL) ||
	    request(f, VU_SET_VRING_KICK, &v, 8, &q->kickfd, 1, false, NULL))
		return -1;
	if (f->features & VIRTIO_BIT(VU_F_PROTOCOL_FEATURES)) {
		st.num = 1;
		if (request(f, VU_SET_VRING_ENABLE, &st, sizeof(st), NULL, 0, false, NULL))
			return -1;
	}
	return 0;
}

int vf_connect(struct vf *f, const char *path, uint64_t want, bool checker)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vu_mem_table t;
	double until = now() + 10;
	uint64_t pf;

	memset(f, 0, sizeof(*f));
	f->checker = checker;
	f->sock = f->memfd = -1;
	f->q[0].index = 0;
	f->q[1].index = 1;
	f->q[0].kickfd = f->q[0].callfd = f->q[1].kickfd = f->q[1].callfd = -1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	for (;;) {
		f->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (f->sock >= 0 && !connect(f->sock, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		if (f->sock >= 0)
			close(f->sock);
		f->sock = -1;
		if (now() > until) {
			snprintf(f->err, sizeof(f->err), "connect %s: %s", path, strerror(errno));
			return -1;
		}
		usleep(100000);
	}
	if (request(f, VU_GET_FEATURES, NULL, 0, NULL, 0, true, &f->dev_features) ||
	    request(f, VU_SET_OWNER, NULL, 0, NULL, 0, false, NULL))
		return -1;
	f->features = f->dev_features & (want | VIRTIO_BIT(VU_F_PROTOCOL_FEATURES));
	if (f->features & VIRTIO_BIT(VU_F_PROTOCOL_FEATURES)) {
		if (request(f, VU_GET_PROTOCOL_FEATURES, NULL, 0, NULL, 0, true, &pf))
			return -1;
		pf &= VIRTIO_BIT(VU_PF_REPLY_ACK);
		if (request(f, VU_SET_PROTOCOL_FEATURES, &pf, 8, NULL, 0, false, NULL))
			return -1;
		f->pf = pf;
	}
	if (request(f, VU_SET_FEATURES, &f->features, 8, NULL, 0, false, NULL))
		return -1;
	f->layout = virtio_has_feature(f->features, VIRTIO_F_RING_PACKED) ?
		    VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	f->hdr = (virtio_has_feature(f->features, VIRTIO_F_VERSION_1) ||
		  virtio_has_feature(f->features, VIRTIO_NET_F_MRG_RXBUF)) ? 12 : 10;
	f->memfd = memfd_create("pvvhost-frontend", MFD_CLOEXEC);
	if (f->memfd < 0 || ftruncate(f->memfd, VF_MEM_SIZE))
		return -1;
	f->mem = mmap(NULL, VF_MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, f->memfd, 0);
	if (f->mem == MAP_FAILED) {
		f->mem = NULL;
		return -1;
	}
	memset(&t, 0, sizeof(t));
	t.nregions = 1;
	t.regions[0].gpa = VF_MEM_GPA;
	t.regions[0].size = VF_MEM_SIZE;
	t.regions[0].uaddr = (uint64_t)(uintptr_t)f->mem;
	t.regions[0].mmap_offset = 0;
	if (request(f, VU_SET_MEM_TABLE, &t, 8 + sizeof(t.regions[0]), &f->memfd, 1, false, NULL))
		return -1;
	if (start_queue(f, &f->q[0]) || start_queue(f, &f->q[1]))
		return -1;
	return 0;
}

/* --- the two driver engines -------------------------------------------
 * reference: virtq_drv_* (what a vendor pastes); checker: vqc_devchk, the
 * spec's driver model, which judges every used element and the device's
 * event suppression with requirement IDs.  Tokens are buffer indexes. */

static void chk_report(void *arg, enum vqc_level level, const char *id, const char *msg)
{
	struct vf_queue *q = arg;
	struct vf *f = (struct vf *)((char *)(q - q->index) - offsetof(struct vf, q));

	vf_viol(f, level == VQC_MUST, id, "queue %u: %s", q->index, msg);
}

static int chk_init(struct vf *f, struct vf_queue *q, void *desc, void *drv, void *dev)
{
	struct vqc_ring r = { 0 };
	uint64_t g;

	q->chk = malloc(sizeof(*q->chk));
	q->itab = alloc(f, (size_t)VF_QSIZE * 4 * 16, 16, &g);
	if (!q->chk || !q->itab)
		return -1;
	q->itab_gpa = g;
	r.layout = f->layout;
	r.num = VF_QSIZE;
	r.vq_index = (uint16_t)q->index;
	r.features = f->features;
	r.desc = desc;
	r.driver = drv;
	r.device = dev;
	r.mem = f->mem;
	r.mem_gpa = VF_MEM_GPA;
	r.mem_size = VF_MEM_SIZE;
	q->rep.fn = chk_report;
	q->rep.arg = q;
	return vqc_devchk_init(q->chk, &r, &q->rep);
}

static bool in_order(const struct vf *f)
{
	return virtio_has_feature(f->features, VIRTIO_F_IN_ORDER);
}

static uint32_t q_free(struct vf *f, struct vf_queue *q)
{
	if (!f->checker)
		return virtq_drv_num_free(&q->drv);
	if (packed(f))
		return VF_QSIZE - q->chk->inflight_slots;
	return VF_QSIZE - q->chk->inflight;
}

/* sg[0..out) readable, then in writable; 0 or -1 (no room). */
static int q_add(struct vf *f, struct vf_queue *q, const struct virtq_sg *sg, uint32_t out,
		 uint32_t in, uint32_t buf, bool indirect)
{
	struct vqc_seg seg[4];
	uint16_t id;

	if (!f->checker)
		return virtq_drv_add(&q->drv, sg, out, in, (void *)(uintptr_t)(buf + 1),
				     indirect ? VIRTQ_ADD_INDIRECT : 0) ? -1 : 0;
	for (uint32_t i = 0; i < out + in; i++) {
		seg[i].gpa = sg[i].addr;
		seg[i].len = sg[i].len;
		seg[i].write = i >= out;
	}
	if (vqc_devchk_add(q->chk, seg, out + in, indirect ? q->itab + (size_t)buf * 64 : NULL,
			   q->itab_gpa + (uint64_t)buf * 64, &id))
		return -1;
	q->tok[id] = (uint16_t)buf;
	q->fifo[(q->fifo_head + q->fifo_n++) % VF_QSIZE] = id;
	return 0;
}

static void done_push(struct vf_queue *q, uint32_t buf, uint32_t len)
{
	q->done_buf[(q->done_head + q->done_n) % VF_QSIZE] = buf;
	q->done_len[(q->done_head + q->done_n) % VF_QSIZE] = len;
	q->done_n++;
}

/* Next completed buffer: 1 with *buf, *len; 0 when none. */
static int q_get(struct vf *f, struct vf_queue *q, uint32_t *buf, uint32_t *len)
{
	struct vqc_used u;

	if (!f->checker) {
		void *tok = virtq_drv_get(&q->drv, len);

		if (!tok)
			return 0;
		*buf = (uint32_t)(uintptr_t)tok - 1;
		return 1;
	}
	while (!q->done_n && !q->chk->lost && vqc_devchk_collect(q->chk, &u) == 1) {
		if (!in_order(f) || u.count <= 1) {
			/* out of order allowed: take the ID out of the FIFO */
			for (uint32_t k = 0; k < q->fifo_n; k++) {
				uint32_t at = (q->fifo_head + k) % VF_QSIZE;

				if (q->fifo[at] != u.id)
					continue;
				for (; k + 1 < q->fifo_n; k++)
					q->fifo[(q->fifo_head + k) % VF_QSIZE] =
						q->fifo[(q->fifo_head + k + 1) % VF_QSIZE];
				q->fifo_n--;
				break;
			}
			done_push(q, q->tok[u.id], u.len);
			continue;
		}
		/* an in-order batch: every buffer up to u.id, the earlier ones
		 * fully written (receive) or with nothing written (transmit) */
		for (uint32_t k = 0; k < u.count && q->fifo_n; k++) {
			uint16_t id = q->fifo[q->fifo_head];

			q->fifo_head = (q->fifo_head + 1) % VF_QSIZE;
			q->fifo_n--;
			done_push(q, q->tok[id], id == u.id ? u.len : (q->index == 0 ? VF_BUF : 0));
		}
	}
	if (!q->done_n)
		return 0;
	*buf = q->done_buf[q->done_head];
	*len = q->done_len[q->done_head];
	q->done_head = (q->done_head + 1) % VF_QSIZE;
	q->done_n--;
	return 1;
}

static int q_error(struct vf *f, const struct vf_queue *q)
{
	if (!f->checker)
		return virtq_drv_error(&q->drv);
	return q->chk->lost || q->rep.count ? -VIRTQ_EBROKEN : 0;
}

/* Must the device be notified?  The checker engine reads the device's
 * event suppression the way a driver must (after a full barrier). */
static bool q_kick_prepare(struct vf *f, struct vf_queue *q)
{
	struct vqc_devchk *c = q->chk;
	uint32_t now;
	bool req;

	if (!f->checker)
		return virtq_drv_kick_prepare(&q->drv);
	/* the new descriptors (flags / idx) before the suppression read;
	 * pairs with the device's barrier after re-enabling notifications */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (packed(f)) {
		const volatile struct virtq_packed_event *e = c->r.device;
		uint16_t fl = vqc_ld16(&e->flags), ow = e->off_wrap;

		now = vqc_lin(VF_QSIZE, c->next_avail, c->avail_wrap);
		if (now == q->kick_old)
			req = false;
		else if (fl == VIRTQ_EVT_F_DESC)
			req = vqc_passed(VF_QSIZE, vqc_lin(VF_QSIZE, ow & VIRTQ_EVT_OFF_MASK,
							   ow >> VIRTQ_EVT_WRAP_SHIFT), q->kick_old, now);
		else
			req = fl == VIRTQ_EVT_F_ENABLE;
	} else {
		const volatile struct virtq_split_used *u = c->r.device;

		now = c->avail_idx;
		if ((uint16_t)now == (uint16_t)q->kick_old)
			req = false;
		else if (virtio_has_feature(f->features, VIRTIO_F_EVENT_IDX))
			req = virtq_split_need_event(*virtq_split_avail_event((void *)u, VF_QSIZE),
						     (uint16_t)now, (uint16_t)q->kick_old);
		else
			req = !(vqc_ld16(&u->flags) & VIRTQ_USED_F_NO_NOTIFY);
	}
	q->kick_old = now;
	return req;
}

static bool q_more_used(struct vf *f, struct vf_queue *q)
{
	struct vqc_devchk *c = q->chk;

	if (!f->checker)
		return virtq_drv_more_used(&q->drv);
	if (q->done_n)
		return true;
	if (packed(f)) {
		const volatile struct virtq_packed_desc *d = c->r.desc;
		uint16_t fl = vqc_ld16(&d[c->last_used].flags);

		return !!(fl & VIRTQ_DESC_F_USED) == c->used_wrap;
	}
	return vqc_ld16(&((const volatile struct virtq_split_used *)c->r.device)->idx) != c->used_idx;
}

static void q_disable_cb(struct vf *f, struct vf_queue *q)
{
	if (!f->checker) {
		virtq_drv_disable_cb(&q->drv);
		return;
	}
	if (!packed(f) && virtio_has_feature(f->features, VIRTIO_F_EVENT_IDX))
		/* split with EVENT_IDX: flags stay 0; used_event just passed */
		vqc_devchk_set_intr(q->chk, VIRTQ_EVT_F_DESC, (uint16_t)(q->chk->used_idx - 1), 0);
	else
		vqc_devchk_set_intr(q->chk, VIRTQ_EVT_F_DISABLE, 0, 0);
}

/* Ask for used-buffer notifications; false when used elements already wait. */
static bool q_enable_cb(struct vf *f, struct vf_queue *q)
{
	if (!f->checker)
		return virtq_drv_enable_cb(&q->drv);
	if (!packed(f) && virtio_has_feature(f->features, VIRTIO_F_EVENT_IDX))
		vqc_devchk_set_intr(q->chk, VIRTQ_EVT_F_DESC, q->chk->used_idx, 0);
	else
		vqc_devchk_set_intr(q->chk, VIRTQ_EVT_F_ENABLE, 0, 0);
	/* set_intr ends with a full barrier: the used ring is read after it */
	return !q_more_used(f, q);
}

/* --- the workload ------------------------------------------------------ */

static uint16_t csum16(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint8_t pat(uint32_t seq, uint32_t i)
{
	return (uint8_t)(seq * 31u + i * 7u + 1u);
}

/* Ethernet + IPv4 + UDP frame numbered seq; returns its length. */
static uint32_t build_frame(uint8_t *o, uint32_t seq)
{
	static const uint8_t dst[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
	static const uint8_t src[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint32_t plen = 18 + (seq * 37u) % 1400u;    /* UDP payload */
	uint32_t ipl = 20 + 8 + plen;
	uint8_t *ip = o + 14, *udp = ip + 20, *pl = udp + 8;
	uint16_t c;

	memcpy(o, dst, 6);
	memcpy(o + 6, src, 6);
	o[12] = 0x08;
	o[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ipl >> 8);
	ip[3] = (uint8_t)ipl;
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 10; ip[15] = 1;
	ip[16] = 10; ip[19] = 2;
	c = csum16(ip, 20);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	udp[0] = 0x04; udp[1] = 0xd2;
	udp[2] = 0x16; udp[3] = 0x2e;
	udp[4] = (uint8_t)((8 + plen) >> 8);
	udp[5] = (uint8_t)(8 + plen);
	udp[6] = udp[7] = 0;                      /* no UDP checksum (IPv4) */
	memcpy(pl, &seq, 4);
	for (uint32_t i = 4; i < plen; i++)
		pl[i] = pat(seq, i);
	return 14 + ipl;
}

/* Is this one of our frames (MAC addresses aside)?  Its length, or 0. */
static uint32_t check_frame(const uint8_t *fr, uint32_t len)
{
	const uint8_t *ip = fr + 14, *pl = ip + 28;
	uint32_t ipl, plen, seq;

	if (len < 14 + 28 + 4 || fr[12] != 0x08 || fr[13] != 0 || csum16(ip, 20) != 0)
		return 0;
	ipl = (uint32_t)ip[2] << 8 | ip[3];
	if (ipl < 32 || 14 + ipl > len)
		return 0;
	plen = ipl - 28;
	memcpy(&seq, pl, 4);
	if (plen != 18 + (seq * 37u) % 1400u)
		return 0;
	for (uint32_t i = 4; i < plen; i++)
		if (pl[i] != pat(seq, i))
			return 0;
	return 14 + ipl;
}

static const char *used_id(const struct vf *f, int err)
{
	bool p = packed(f);

	switch (-err) {
	case VIRTQ_EUSEDID:  return p ? "VQP-DEV-053" : "VQS-DEV-036";
	case VIRTQ_EUSEDLEN: return p ? "VQP-DEV-054" : "VQS-DEV-038";
	case VIRTQ_EUSEDIDX: return "VQS-DEV-037";
	default:             return p ? "VQP-DEV-015" : "VQS-DEV-005";
	}
}

static void note_broken(struct vf *f, struct vf_queue *q)
{
	int e = virtq_drv_error(&q->drv);

	if (e && !f->checker)
		vf_viol(f, true, used_id(f, e), "queue %u: the reference driver refused a used element (%s)",
			q->index, virtq_strerror(e));
}

static void kick(struct vf *f, struct vf_queue *q)
{
	if (q_kick_prepare(f, q)) {
		(void)eventfd_write(q->kickfd, 1);
		q->kicks++;
	}
}

/* Receive buffers: one writable segment each, token = buffer index + 1. */
static void rx_fill(struct vf *f)
{
	struct vf_queue *q = &f->q[0];
	static uint32_t next;

	while (q_free(f, q) && q->outstanding < VF_QSIZE) {
		uint32_t i = next % VF_QSIZE;
		struct virtq_sg sg = { q->bufs_gpa + (uint64_t)i * VF_BUF, VF_BUF };

		if (q_add(f, q, &sg, 0, 1, i, false))
			break;
		next++;
		q->outstanding++;
	}
	kick(f, q);
}

static unsigned rx_reap(struct vf *f)
{
	struct vf_queue *q = &f->q[0];
	bool mrg = virtio_has_feature(f->features, VIRTIO_NET_F_MRG_RXBUF);
	unsigned n = 0;
	uint32_t i, len;

	while (q_get(f, q, &i, &len)) {
		const uint8_t *b = q->bufs + (size_t)i * VF_BUF;
		uint32_t fl;

		q->outstanding--;
		n++;
		f->rx_frames++;
		fl = len > f->hdr ? check_frame(b + f->hdr, len - f->hdr) : 0;
		if (!fl) {
			f->rx_bad++;
			vf_viol(f, true, packed(f) ? "VQP-DEV-017" : "VQS-DEV-005",
				"received buffer %u (used len %u) does not hold a frame we sent", i, len);
		} else if (fl + f->hdr != len) {
			vf_viol(f, true, packed(f) ? "VQP-DEV-016" : "VQS-DEV-006",
				"used len %u for a %u-byte frame with a %u-byte header", len, fl, f->hdr);
		} else if (mrg && (b[10] | b[11] << 8) != 1) {
			vf_viol(f, true, packed(f) ? "VQP-DEV-016" : "VQS-DEV-006",
				"num_buffers %u for a frame held in one buffer", b[10] | b[11] << 8);
		}
	}
	note_broken(f, q);
	return n;
}

/* Transmit: one descriptor, or header and frame as a chain of two, or an
 * indirect table; token = buffer index + 1, the frame's seq kept in the
 * buffer's tail to check it comes back untouched. */
static void tx_fill(struct vf *f)
{
	struct vf_queue *q = &f->q[1];
	static uint32_t next;
	bool ind = virtio_has_feature(f->features, VIRTIO_F_INDIRECT_DESC);

	while (q->outstanding < TX_WINDOW && q_free(f, q) >= 2) {
		uint32_t i = next % VF_QSIZE, seq = f->seq, fl;
		uint8_t *b = q->bufs + (size_t)i * VF_BUF;
		uint64_t g = q->bufs_gpa + (uint64_t)i * VF_BUF;
		struct virtq_sg sg[2];
		uint32_t nsg = 1;
		bool indirect = false;

		memset(b, 0, f->hdr);
		fl = build_frame(b + f->hdr, seq);
		memcpy(b + VF_BUF - 4, &seq, 4);
		if (seq % 3 == 1) {
			sg[0].addr = g;
			sg[0].len = f->hdr;
			sg[1].addr = g + f->hdr;
			sg[1].len = fl;
			nsg = 2;
			f->chains++;
			indirect = ind && seq % 6 == 1;
		} else {
			sg[0].addr = g;
			sg[0].len = f->hdr + fl;
		}
		if (q_add(f, q, sg, nsg, 0, i, indirect))
			break;
		f->indirect += indirect;
		next++;
		f->seq++;
		q->outstanding++;
		f->tx_frames++;
	}
	kick(f, q);
}

static unsigned tx_reap(struct vf *f)
{
	struct vf_queue *q = &f->q[1];
	unsigned n = 0;
	uint32_t i, len, seq;

	while (q_get(f, q, &i, &len)) {
		const uint8_t *b = q->bufs + (size_t)i * VF_BUF;
		static uint8_t want[VF_BUF];
		uint32_t fl;

		q->outstanding--;
		n++;
		f->tx_done++;
		memcpy(&seq, b + VF_BUF - 4, 4);
		fl = build_frame(want, seq);
		/* VQP-DEV-011 / VQS-DEV-001: device-readable bytes stay as written */
		if (memcmp(b + f->hdr, want, fl)) {
			f->tx_clobbered++;
			vf_viol(f, true, packed(f) ? "VQP-DEV-011" : "VQS-DEV-001",
				"transmit buffer %u (frame %u) came back changed", i, seq);
		}
	}
	note_broken(f, q);
	return n;
}

/* Sleep until a used-buffer notification; a missed one is reported when
 * used elements wait although both queues asked to be notified. */
static void wait_calls(struct vf *f)
{
	struct pollfd p[2] = {
		{ .fd = f->q[0].callfd, .events = POLLIN },
		{ .fd = f->q[1].callfd, .events = POLLIN },
	};
	eventfd_t v;
	bool armed[2];

	for (unsigned k = 0; k < 2; k++)
		armed[k] = q_enable_cb(f, &f->q[k]);
	if (!armed[0] || !armed[1])
		goto out;                         /* used elements already waiting */
	f->armed_waits++;
	if (poll(p, 2, 200) == 0) {
		f->quiet_waits++;
		for (unsigned k = 0; k < 2; k++) {
			struct pollfd one = p[k];

			if (!q_more_used(f, &f->q[k]))
				continue;
			/* grace for a notification on its way */
			if (poll(&one, 1, 1000) == 1)
				continue;
			f->missed_calls++;
			vf_viol(f, true, packed(f) ? "VQP-DEV-028" :
				virtio_has_feature(f->features, VIRTIO_F_EVENT_IDX) ? "VQS-DEV-017" : "VQS-DEV-015",
				"queue %u: used elements waiting 1.2 s after the driver asked for a notification, none sent",
				k);
		}
	}
out:
	for (unsigned k = 0; k < 2; k++) {
		if (eventfd_read(f->q[k].callfd, &v) == 0)
			f->q[k].calls += v;
		q_disable_cb(f, &f->q[k]);
	}
}

void vf_run(struct vf *f, double seconds)
{
	double end = now() + seconds;

	q_disable_cb(f, &f->q[0]);
	q_disable_cb(f, &f->q[1]);
	rx_fill(f);
	while (now() < end) {
		unsigned n;

		if (q_error(f, &f->q[0]) || q_error(f, &f->q[1]))
			break;
		if (f->checker) {
			vqc_devchk_check_dev_evt(f->q[0].chk);
			vqc_devchk_check_dev_evt(f->q[1].chk);
		}
		tx_fill(f);
		n = tx_reap(f) + rx_reap(f);
		rx_fill(f);
		if (!n)
			wait_calls(f);
	}
}

void vf_stop(struct vf *f)
{
	for (unsigned k = 0; k < 2; k++) {
		struct vf_queue *q = &f->q[k];
		struct vu_vring_state st = { q->index, 0 };
		uint64_t base = 0;

		/* GET_VRING_BASE stops the ring in the back-end; the reply is
		 * {index, num}: num in the upper half of the 8 bytes */
		if (f->sock >= 0 && (q->priv || q->chk) && !q->stopped &&
		    !request(f, VU_GET_VRING_BASE, &st, sizeof(st), NULL, 0, true, &base)) {
			q->base = (uint32_t)(base >> 32);
			q->stopped = true;
		}
	}
}

void vf_close(struct vf *f)
{
	vf_stop(f);
	for (unsigned k = 0; k < 2; k++) {
		struct vf_queue *q = &f->q[k];

		if (q->kickfd >= 0)
			close(q->kickfd);
		if (q->callfd >= 0)
			close(q->callfd);
		free(q->priv);
		q->priv = NULL;
		free(q->chk);
		q->chk = NULL;
	}
	if (f->sock >= 0)
		close(f->sock);
	if (f->mem)
		munmap(f->mem, VF_MEM_SIZE);
	if (f->memfd >= 0)
		close(f->memfd);
	f->sock = f->memfd = -1;
	f->mem = NULL;
}
