// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_vring.c - one virtqueue of the back-end: the reference device
 * (virtq_dev_*) moves the buffers, and the driver checker (vqc_drvchk)
 * reads every buffer the device takes, in lockstep, and judges what the
 * front-end's driver wrote with the requirement IDs of the spec.
 *
 * Lockstep: the device pops first; only when it got a request does the
 * checker poll, so both look at the same, already published, chain.  The
 * checker's own ring writes (used elements, device event area) go to a
 * private scratch area: the device alone writes the shared ring, the
 * checker keeps the bookkeeping (ownership, IDs, in-order) in step with it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "vu_backend.h"
#include "vqc_reqs.h"

double vu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#define PACKED(vq) ((vq)->layout == VIRTQ_LAYOUT_PACKED)

static void chk_report(void *arg, enum vqc_level level, const char *id, const char *msg)
{
	struct vu_vq *vq = arg;

	vu_viol_add(vq->b, vq->index, level, id, "%s", msg);
}

/* A reference-device error, named by the requirement the driver broke;
 * used when the checker did not report the same chain itself. */
static const char *dev_err_id(unsigned layout, int err)
{
	bool p = layout == VIRTQ_LAYOUT_PACKED;

	switch (-err) {
	case VIRTQ_EADDR:     return p ? "VQP-DRV-058" : "VQS-DRV-041";
	case VIRTQ_EZEROLEN:  return p ? "VQP-DRV-021" : "VQS-DRV-007";
	case VIRTQ_ECHAINLEN: return p ? "VQP-DRV-018" : "VQS-DRV-005";
	case VIRTQ_EINDNEXT:  return p ? "VQP-DRV-027" : "VQS-DRV-015";
	case VIRTQ_ENESTED:   return p ? "VQP-DRV-027" : "VQS-DRV-016";
	case VIRTQ_EINDLEN:   return p ? "VQP-DRV-029" : "VQS-DRV-017";
	case VIRTQ_EINDFEAT:  return p ? "VQP-DRV-026" : "VQS-DRV-014";
	case VIRTQ_EWRORDER:  return p ? "VQP-DRV-011" : "VQS-DRV-006";
	case VIRTQ_EBADID:    return p ? "VQP-DRV-016" : "VQS-DRV-011";
	case VIRTQ_EDUPID:    return p ? "VQP-DRV-017" : "VQS-DRV-011";
	case VIRTQ_EAVAILIDX: return "VQS-DRV-011";
	case VIRTQ_EDESCIDX:  return "VQS-DRV-004";
	case VIRTQ_ENOTAVAIL: return "VQP-DRV-013";
	case VIRTQ_ESEGS:     return p ? "VQP-DRV-019" : "VQS-DRV-005";
	default:              return p ? "VQP-DEV-038" : "VQS-DEV-022";
	}
}

static void chk_free(struct vu_vq *vq)
{
	free(vq->chk);
	free(vq->scratch);
	vq->chk = NULL;
	vq->scratch = NULL;
}

/* The checker sees one contiguous range as guest memory: the largest
 * mapping (a 1 GiB memfd, a DPDK memory segment list). */
static void chk_start(struct vu_vq *vq, void *desc, void *driver, void *device)
{
	const struct vu_mem *m = &vq->b->mem;
	const struct vu_mem_span *s = &m->span[m->big];
	struct vqc_ring r = { 0 };
	struct virtq_ring_offsets o;

	chk_free(vq);
	if (!vq->b->checker)
		return;
	if (vq->num > VQC_MAX_NUM) {
		fprintf(stderr, "pvvhost: queue %u: size %u above the checker's %u: not checked\n",
			vq->index, vq->num, VQC_MAX_NUM);
		return;
	}
	if (virtq_ring_layout(vq->layout, vq->num, &o))
		return;
	vq->scratch_size = o.total;
	vq->scratch = aligned_alloc(64, virtq_align_up(o.total, 64));
	vq->chk = malloc(sizeof(*vq->chk));
	if (!vq->scratch || !vq->chk) {
		chk_free(vq);
		return;
	}
	memset(vq->scratch, 0, o.total);
	r.layout = vq->layout;
	r.num = vq->num;
	r.vq_index = (uint16_t)vq->index;
	r.features = vq->b->features;
	r.desc = desc;
	r.driver = driver;
	/* the device area is written by the device only: the checker writes
	 * its model of it to scratch (split: used ring; packed: device event) */
	r.device = (char *)vq->scratch + o.device;
	(void)device;
	r.mem = s->base;
	r.mem_gpa = s->gpa;
	r.mem_size = s->len;
	vq->rep.fn = chk_report;
	vq->rep.arg = vq;
	if (vqc_drvchk_init(vq->chk, &r, &vq->rep))
		chk_free(vq);
}

/* Mirror the device's event suppression into the checker's model. */
static void chk_mirror_event(struct vu_vq *vq)
{
	if (!vq->chk)
		return;
	if (PACKED(vq)) {
		uint16_t ow = vq->dev.u.packed.evt_off_wrap;

		vqc_drvchk_set_event(vq->chk, vq->dev.u.packed.evt_flags, ow & VIRTQ_EVT_OFF_MASK,
				     ow >> VIRTQ_EVT_WRAP_SHIFT);
	} else if (vq->dev.f_event_idx) {
		vqc_drvchk_set_event(vq->chk, VIRTQ_EVT_F_DESC, vq->dev.u.split.avail_event_shadow, 0);
	} else {
		vqc_drvchk_set_event(vq->chk, (vq->dev.u.split.used_flags & VIRTQ_USED_F_NO_NOTIFY) ?
				     VIRTQ_EVT_F_DISABLE : VIRTQ_EVT_F_ENABLE, 0, 0);
	}
}

int vu_vq_start(struct vu_vq *vq)
{
	struct vu_backend *b = vq->b;
	struct virtq_dev_cfg cfg = { 0 };
	uint64_t dgpa, agpa, ugpa;
	void *desc, *drv, *dev;
	size_t dsz, asz, usz;
	uint32_t base = vq->base;
	int rc;

	vu_vq_stop(vq);
	vq->broken = false;
	vq->layout = virtio_has_feature(b->features, VIRTIO_F_RING_PACKED) ?
		     VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	if (!vq->addr_set || !virtq_size_valid(vq->layout, vq->num)) {
		snprintf(b->last_error, sizeof(b->last_error),
			 "queue %u: started without addresses or with size %u", vq->index, vq->num);
		return -1;
	}
	if (PACKED(vq)) {
		dsz = virtq_packed_desc_bytes(vq->num);
		asz = usz = sizeof(struct virtq_packed_event);
	} else {
		dsz = virtq_split_desc_bytes(vq->num);
		asz = virtq_split_avail_bytes(vq->num);
		usz = virtq_split_used_bytes(vq->num);
	}
	if (!vu_mem_uva_to_gpa(&b->mem, vq->desc_ua, dsz, &dgpa) ||
	    !vu_mem_uva_to_gpa(&b->mem, vq->avail_ua, asz, &agpa) ||
	    !vu_mem_uva_to_gpa(&b->mem, vq->used_ua, usz, &ugpa)) {
		snprintf(b->last_error, sizeof(b->last_error),
			 "queue %u: ring addresses outside the memory table", vq->index);
		return -1;
	}
	desc = vu_mem_uva(&b->mem, vq->desc_ua, dsz);
	drv = vu_mem_uva(&b->mem, vq->avail_ua, asz);
	dev = vu_mem_uva(&b->mem, vq->used_ua, usz);
	vq->dev_priv = aligned_alloc(64, virtq_align_up(virtq_dev_priv_size(vq->layout, vq->num), 64));
	if (!vq->dev_priv)
		return -1;
	cfg.layout = vq->layout;
	cfg.num = vq->num;
	cfg.vq_index = (uint16_t)vq->index;
	cfg.features = b->features;
	cfg.desc_gpa = dgpa;
	cfg.driver_gpa = agpa;
	cfg.device_gpa = ugpa;
	cfg.mem = &b->mem.map;
	cfg.priv = vq->dev_priv;
	cfg.priv_size = virtq_dev_priv_size(vq->layout, vq->num);
	rc = virtq_dev_init(&vq->dev, &cfg);
	if (rc) {
		snprintf(b->last_error, sizeof(b->last_error), "queue %u: virtq_dev_init: %s",
			 vq->index, virtq_strerror(rc));
		free(vq->dev_priv);
		vq->dev_priv = NULL;
		return -1;
	}
	/*
	 * SET_VRING_BASE: packed rings carry the avail position in bits 0..15
	 * and the used position in bits 16..31 (QEMU); a front-end that sends
	 * only the avail half (DPDK virtio-user) starts used where avail is.
	 * Split rings carry only last_avail_idx: the used index lives in the
	 * used ring itself.
	 */
	if (PACKED(vq)) {
		if (!(base >> 16))
			base |= base << 16;
	} else {
		volatile struct virtq_split_used *u = dev;

		base = (base & 0xffffu) | (uint32_t)u->idx << 16;
	}
	rc = virtq_dev_set_base(&vq->dev, base);
	if (rc) {
		snprintf(b->last_error, sizeof(b->last_error), "queue %u: ring base 0x%08x rejected (%s)",
			 vq->index, base, virtq_strerror(rc));
		free(vq->dev_priv);
		vq->dev_priv = NULL;
		return -1;
	}
	chk_start(vq, desc, drv, dev);
	if (vq->chk && base != (PACKED(vq) ? 0x80008000u : 0u)) {
		/* the checker models a ring from its start only */
		fprintf(stderr, "pvvhost: queue %u restarted at base 0x%08x: checker off for it\n",
			vq->index, base);
		chk_free(vq);
	}
	vq->started = true;
	vq->notify_on = true;
	b->features_run |= b->features;
	b->rings_started++;
	chk_mirror_event(vq);
	return 0;
}

void vu_vq_stop(struct vu_vq *vq)
{
	if (vq->started)
		vq->base = virtq_dev_get_base(&vq->dev);
	vq->started = false;
	free(vq->dev_priv);
	vq->dev_priv = NULL;
	chk_free(vq);
}

static void vq_break(struct vu_vq *vq, int err)
{
	vq->broken = true;
	/* the queue stops; the front-end hears of it through the error fd */
	if (vq->errfd >= 0)
		(void)eventfd_write(vq->errfd, 1);
	if (!vq->b->quiet)
		fprintf(stderr, "pvvhost: queue %u broken: %s\n", vq->index, virtq_strerror(err));
}

int vu_vq_pop(struct vu_vq *vq, struct virtq_req *req, struct virtq_seg *seg, uint32_t max)
{
	unsigned before = vq->rep.count;
	int rc, c = 1;

	if (!vu_vq_ready(vq))
		return 0;
	rc = virtq_dev_pop(&vq->dev, req, seg, max);
	if (rc == 0)
		return 0;
	if (vq->chk && !vq->chk->lost) {
		struct vqc_avail_buf *ab = &vq->abuf;

		c = vqc_drvchk_poll(vq->chk, ab);
		if (rc > 0 && c == 1 &&
		    (ab->id != req->id || ab->rlen != req->out_len || ab->wlen != req->in_len ||
		     (PACKED(vq) && ab->ndesc != req->ndesc))) {
			vq->mismatches++;
			fprintf(stderr, "pvvhost: queue %u: device popped id %u (%u/%u bytes), checker saw id %u (%u/%u)\n",
				vq->index, req->id, req->out_len, req->in_len, ab->id, ab->rlen, ab->wlen);
		} else if (rc > 0 && c != 1) {
			vq->mismatches++;
		}
		if (c == 1)
			vq->b->lay_checked[vq->layout]++;
		if (c == 1 && ab->indirect) {
			vq->indirect++;
			vq->b->lay_indirect[vq->layout]++;
		}
		if (c == 1 && ab->ndesc > vq->max_chain)
			vq->max_chain = ab->ndesc;
	}
	if (rc < 0) {
		/* the checker names the rule when it saw the same chain */
		if (vq->rep.count == before)
			vu_viol_add(vq->b, vq->index, VQC_MUST, dev_err_id(vq->layout, rc),
				    "reference device rejected the ring: %s", virtq_strerror(rc));
		vq_break(vq, rc);
		return rc;
	}
	vq->bufs++;
	vq->b->lay_bufs[vq->layout]++;
	vq->bytes += req->out_len;
	return 1;
}

void vu_vq_push(struct vu_vq *vq, const struct virtq_req *req, uint32_t len)
{
	int rc = virtq_dev_push(&vq->dev, req, len);

	if (rc) {
		fprintf(stderr, "pvvhost: queue %u: push of id %u failed: %s\n", vq->index, req->id,
			virtq_strerror(rc));
		return;
	}
	if (vq->chk && !vq->chk->lost) {
		/* bookkeeping only: the used element itself goes to scratch */
		void *real = vq->chk->r.desc;

		if (PACKED(vq))
			vq->chk->r.desc = vq->scratch;
		if (vqc_drvchk_use(vq->chk, req->id, len))
			vq->mismatches++;
		vq->chk->r.desc = real;
	}
}

void vu_vq_flush(struct vu_vq *vq)
{
	bool notify, model;

	if (!vq->started)
		return;
	virtq_dev_flush(&vq->dev);
	notify = virtq_dev_should_notify(&vq->dev);
	if (vq->chk && !vq->chk->lost) {
		/* also validates the driver's event suppression fields */
		model = vqc_drvchk_interrupt(vq->chk);
		if (model != notify)
			vq->mismatches++;
	}
	if (notify && vq->callfd >= 0) {
		(void)eventfd_write(vq->callfd, 1);
		vq->calls++;
	}
}

void vu_vq_notify_disable(struct vu_vq *vq)
{
	if (!vq->started)
		return;
	virtq_dev_disable_notify(&vq->dev);
	vq->notify_on = false;
	chk_mirror_event(vq);
}

bool vu_vq_notify_enable(struct vu_vq *vq)
{
	bool idle;

	if (!vq->started)
		return true;
	idle = virtq_dev_enable_notify(&vq->dev);
	vq->notify_on = true;
	chk_mirror_event(vq);
	return idle;
}

void vu_vq_check_round(struct vu_vq *vq)
{
	if (!vu_vq_ready(vq))
		return;
	if (vq->chk && !vq->chk->lost)
		vqc_drvchk_owned(vq->chk);
	if (PACKED(vq)) {
		/* VQP-DRV-036: only the device writes the device event area */
		const volatile struct virtq_packed_event *e = vq->dev.u.packed.dev_evt;
		uint16_t f = e->flags, ow = e->off_wrap;

		if (f != vq->dev.u.packed.evt_flags ||
		    (f == VIRTQ_EVT_F_DESC && ow != vq->dev.u.packed.evt_off_wrap))
			vu_viol_add(vq->b, vq->index, VQC_MUST, VQR_P_DRV_DEV_EVT,
				    "device event suppression reads flags %u off_wrap 0x%04x, the device wrote %u / 0x%04x",
				    f, ow, vq->dev.u.packed.evt_flags, vq->dev.u.packed.evt_off_wrap);
	}
}
