// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_fuzz_core.c - the fuzz case behind test_fuzz_ring.c and the
 * libFuzzer target tools/fuzz/virtq_ring_fuzz.c (see test_fuzz_core.h).
 *
 * Input: byte 0 chooses the layout and features, byte 1 the queue size;
 * the rest is a script, one operation per opcode byte followed by its
 * operands.  Running out of bytes ends the case (missing operands read as
 * zero).  Every operation is legal for the local caller; hostility comes
 * only from the shared memory, which the script overwrites at will.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "plat.h"
#include "virtq_drv.h"
#include "virtq_dev.h"
#include "virtio_features.h"
#include "test_fuzz_core.h"

#define FZ_PAGE      4096u
#define FZ_BLOCK     FUZZ_BLOCK              /* the guest memory: one region */
#define FZ_GPA       0x10000000ull
#define FZ_IND_OFF   FUZZ_IND_OFF            /* indirect pool */
#define FZ_MAX_IND   8u
#define FZ_DATA_OFF  FUZZ_DATA_OFF
#define FZ_MAX_NUM   32u
#define FZ_MAX_SEG   40u
#define FZ_TOKENS    64u
#define FZ_DEV_RING_IND FUZZ_DEV_RING_IND
_Static_assert(FZ_DATA_OFF >= FZ_IND_OFF + 32u * FZ_MAX_IND * 16u, "indirect pool size");
_Static_assert(FZ_BLOCK % FZ_PAGE == 0, "block between guard pages");

struct fz_tok {
	bool out;               /* outstanding: added, not yet returned */
	uint32_t in_len;
};

struct fz_pend {
	struct virtq_req req;
	struct virtq_seg seg[FZ_MAX_SEG];
};

struct fz {
	const uint8_t *p;
	size_t n;
	fuzz_fail_fn fail;
	struct fuzz_stats *st;
	unsigned char *block;   /* FZ_BLOCK bytes between two inaccessible pages */
	uint64_t gpa;           /* guest address of block[0] */
	unsigned layout;
	uint32_t num;
	struct virtq_memmap map;
	struct virtq_mem_region region;
	struct virtq_drv drv;
	struct virtq_dev dev;
	struct fz_tok tok[FZ_TOKENS];
	struct fz_pend pend[FZ_TOKENS];
	uint32_t npend;
	int dev_err, drv_err;   /* the code each side broke with, or 0 */
};

static _Alignas(64) unsigned char fz_drv_priv[FZ_MAX_NUM * 32u];
static _Alignas(64) unsigned char fz_dev_priv[FZ_MAX_NUM * 8u];
static unsigned char *fz_arena;

__attribute__((format(printf, 2, 3)))
static void fz_check_fail(struct fz *f, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->fail(msg);
}

#define FZ_CHECK(f, cond, ...) do { if (!(cond)) fz_check_fail((f), __VA_ARGS__); } while (0)

/* The block: mapped once, with an inaccessible page on each side, so any
 * access outside the device's memory map faults. */
static unsigned char *fz_block(void)
{
	if (!fz_arena) {
		void *a = mmap(NULL, FZ_BLOCK + 2u * FZ_PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (a == MAP_FAILED)
			return NULL;
		fz_arena = a;
		if (mprotect(fz_arena, FZ_PAGE, PROT_NONE) ||
		    mprotect(fz_arena + FZ_PAGE + FZ_BLOCK, FZ_PAGE, PROT_NONE))
			return NULL;
	}
	return fz_arena + FZ_PAGE;
}

/* ---- input ------------------------------------------------------------ */

static uint64_t take(struct fz *f, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && f->n; i++, f->p++, f->n--)
		v |= (uint64_t)*f->p << (8 * i);
	return v;
}

static uint8_t u8(struct fz *f)   { return (uint8_t)take(f, 1); }
static uint16_t u16(struct fz *f) { return (uint16_t)take(f, 2); }
static uint32_t u32(struct fz *f) { return (uint32_t)take(f, 4); }
static uint64_t u64(struct fz *f) { return take(f, 8); }

/* ---- set-up ------------------------------------------------------------- */

void fuzz_case_shape(uint8_t b0, uint8_t b1, unsigned *layout, uint32_t *num)
{
	*layout = (b0 & 1) ? VIRTQ_LAYOUT_PACKED : VIRTQ_LAYOUT_SPLIT;
	*num = *layout == VIRTQ_LAYOUT_PACKED ? 1u + b1 % FZ_MAX_NUM : 1u << (b1 % 6);
}

static void fz_setup(struct fz *f, uint8_t b0, uint8_t b1)
{
	struct virtq_ring_offsets o = { 0, 0, 0, 0 };
	struct virtq_drv_cfg dc;
	struct virtq_dev_cfg vc;
	uint64_t feat = VIRTIO_BIT(VIRTIO_F_VERSION_1);
	uint32_t max_ind;
	int r;

	fuzz_case_shape(b0, b1, &f->layout, &f->num);
	if (f->layout == VIRTQ_LAYOUT_PACKED)
		feat |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	if (b0 & 0x10)
		feat |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	if (b0 & 0x20)
		feat |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	if (b0 & 0x40)
		feat |= VIRTIO_BIT(VIRTIO_F_IN_ORDER);
	max_ind = (b0 & 0x80) ? (f->num < FZ_MAX_IND ? f->num : FZ_MAX_IND) : 0;

	memset(f->block, 0, FZ_BLOCK);
	r = virtq_ring_layout(f->layout, f->num, &o);
	FZ_CHECK(f, r == 0 && o.total <= FZ_IND_OFF, "layout %u num %u", f->layout, f->num);
	f->region.gpa = f->gpa;
	f->region.size = FZ_BLOCK;
	f->region.hva = f->block;
	f->map.regions = &f->region;
	f->map.nregions = 1;

	memset(&dc, 0, sizeof(dc));
	dc.layout = f->layout;
	dc.num = f->num;
	dc.vq_index = 1;
	dc.features = feat;
	dc.desc.va = f->block + o.desc;
	dc.desc.dma = f->gpa + o.desc;
	dc.driver.va = f->block + o.driver;
	dc.driver.dma = f->gpa + o.driver;
	dc.device.va = f->block + o.device;
	dc.device.dma = f->gpa + o.device;
	dc.priv = fz_drv_priv;
	dc.priv_size = virtq_drv_priv_size(f->layout, f->num);
	FZ_CHECK(f, dc.priv_size <= sizeof(fz_drv_priv), "driver private size");
	if (max_ind) {
		dc.indirect.va = f->block + FZ_IND_OFF;
		dc.indirect.dma = f->gpa + FZ_IND_OFF;
		dc.max_indirect = max_ind;
	}
	r = virtq_drv_init(&f->drv, &dc);
	FZ_CHECK(f, r == 0, "virtq_drv_init: %s", virtq_strerror(r));

	memset(&vc, 0, sizeof(vc));
	vc.layout = f->layout;
	vc.num = f->num;
	vc.vq_index = 1;
	vc.features = feat;
	vc.desc_gpa = dc.desc.dma;
	vc.driver_gpa = dc.driver.dma;
	vc.device_gpa = dc.device.dma;
	vc.mem = &f->map;
	vc.priv = fz_dev_priv;
	vc.priv_size = virtq_dev_priv_size(f->layout, f->num);
	FZ_CHECK(f, vc.priv_size <= sizeof(fz_dev_priv), "device private size");
	r = virtq_dev_init(&f->dev, &vc);
	FZ_CHECK(f, r == 0, "virtq_dev_init: %s", virtq_strerror(r));
	memset(f->tok, 0, sizeof(f->tok));
	f->npend = 0;
	f->dev_err = f->drv_err = 0;
}

/* ---- invariants ----------------------------------------------------------- */

/* A code a broken queue may carry: a peer protocol violation. */
static bool fz_protocol_code(int err)
{
	return err <= -VIRTQ_EADDR && err > -VIRTQ_ERR_MAX;
}

static void fz_dev_broke(struct fz *f, int r, const char *where)
{
	FZ_CHECK(f, fz_protocol_code(r), "%s: device returned %d (%s), not a protocol code",
		 where, r, virtq_strerror(r));
	FZ_CHECK(f, virtq_dev_error(&f->dev) == r, "%s: returned %s but queue error is %s",
		 where, virtq_strerror(r), virtq_strerror(virtq_dev_error(&f->dev)));
	if (!f->dev_err) {
		f->dev_err = r;
		f->st->dev_broken++;
		f->st->dev_err[-r & 63]++;
	}
	FZ_CHECK(f, f->dev_err == r, "device error changed from %s to %s without reset",
		 virtq_strerror(f->dev_err), virtq_strerror(r));
}

static void fz_drv_check_broken(struct fz *f)
{
	int e = virtq_drv_error(&f->drv);

	if (!e) {
		FZ_CHECK(f, !f->drv_err, "driver error %s cleared without reset",
			 virtq_strerror(f->drv_err));
		return;
	}
	FZ_CHECK(f, e == -VIRTQ_EUSEDID || e == -VIRTQ_EUSEDLEN || e == -VIRTQ_EUSEDIDX,
		 "driver broke with %s, not a used-side code", virtq_strerror(e));
	if (!f->drv_err) {
		f->drv_err = e;
		f->st->drv_broken++;
		f->st->drv_err[-e & 63]++;
	}
	FZ_CHECK(f, f->drv_err == e, "driver error changed from %s to %s without reset",
		 virtq_strerror(f->drv_err), virtq_strerror(e));
}

/* A popped request: segments inside the block, lengths add up, readable
 * first; then touch every byte the device may read. */
static void fz_check_req(struct fz *f, const struct virtq_req *q, const struct virtq_seg *seg,
			 uint32_t max_seg)
{
	uint64_t out = 0, in = 0;
	bool seen_w = false;
	unsigned sum = 0;

	FZ_CHECK(f, q->seg == seg, "req.seg is not the caller's array");
	FZ_CHECK(f, q->nseg >= 1 && q->nseg <= max_seg, "nseg %u (max %u)", q->nseg, max_seg);
	FZ_CHECK(f, q->id < f->num, "request ID %u >= num %u", q->id, f->num);
	FZ_CHECK(f, q->ndesc >= 1 && q->ndesc <= f->num, "ndesc %u", q->ndesc);
	for (uint32_t i = 0; i < q->nseg; i++) {
		const unsigned char *a = seg[i].addr;

		FZ_CHECK(f, a >= f->block && a < f->block + FZ_BLOCK, "segment %u outside the map", i);
		FZ_CHECK(f, seg[i].len > 0 && seg[i].len <= (size_t)(f->block + FZ_BLOCK - a),
			 "segment %u: %u bytes run past the map", i, seg[i].len);
		FZ_CHECK(f, seg[i].writable || !seen_w, "readable segment %u after a writable one", i);
		seen_w |= seg[i].writable;
		if (seg[i].writable)
			in += seg[i].len;
		else
			out += seg[i].len;
		if (!seg[i].writable)
			for (uint32_t k = 0; k < seg[i].len; k++)
				sum += a[k];
	}
	FZ_CHECK(f, out == q->out_len && in == q->in_len, "lengths %llu/%llu, request says %u/%u",
		 (unsigned long long)out, (unsigned long long)in, q->out_len, q->in_len);
	for (uint32_t i = 0; i < f->npend; i++)
		FZ_CHECK(f, f->pend[i].req.id != q->id, "ID %u popped twice", q->id);
	(void)sum;
}

/* ---- device operations ------------------------------------------------------ */

static void fz_dev_pop_max(struct fz *f, uint32_t max_seg)
{
	struct fz_pend *pe;
	int r;

	FZ_CHECK(f, f->npend < FZ_TOKENS, "in flight overflow");
	pe = &f->pend[f->npend];
	r = virtq_dev_pop(&f->dev, &pe->req, pe->seg, max_seg);
	f->st->pops++;
	if (r < 0) {
		fz_dev_broke(f, r, "pop");
		return;
	}
	FZ_CHECK(f, !f->dev_err, "pop returned %d on a queue broken with %s", r,
		 virtq_strerror(f->dev_err));
	if (r == 0)
		return;
	FZ_CHECK(f, r == 1, "pop returned %d", r);
	fz_check_req(f, &pe->req, pe->seg, max_seg);
	f->npend++;
	FZ_CHECK(f, f->npend <= f->num, "%u requests in flight, queue size %u", f->npend, f->num);
}

static void fz_dev_pop(struct fz *f)
{
	uint8_t b = u8(f);

	fz_dev_pop_max(f, (b & 0xe0) ? FZ_MAX_SEG : b % 4u);
}

/* Complete pending request i (the oldest with VIRTIO_F_IN_ORDER) with
 * len_pick mod (in_len + 1) bytes written. */
static void fz_dev_push_one(struct fz *f, uint32_t i, uint32_t len_pick, bool flush)
{
	struct fz_pend *pe;
	uint32_t len, left;
	int r;

	if (!f->npend)
		return;
	i = f->dev.f_in_order ? 0 : i % f->npend;
	pe = &f->pend[i];
	len = pe->req.in_len ? len_pick % (pe->req.in_len + 1u) : 0;
	/* write the answer into the writable segments, len bytes in all */
	left = len;
	for (uint32_t k = 0; k < pe->req.nseg && left; k++) {
		uint32_t n;

		if (!pe->seg[k].writable)
			continue;
		n = pe->seg[k].len < left ? pe->seg[k].len : left;
		memset(pe->seg[k].addr, 0x5a, n);
		left -= n;
	}
	r = virtq_dev_push(&f->dev, &pe->req, len);
	f->st->pushes++;
	if (f->dev_err) {
		FZ_CHECK(f, r < 0, "push on a broken queue returned %d", r);
		return;
	}
	FZ_CHECK(f, r == 0, "push of ID %u len %u (in_len %u) failed: %s", pe->req.id, len,
		 pe->req.in_len, virtq_strerror(r));
	f->npend--;
	if (f->dev.f_in_order)          /* keep pop order */
		memmove(&f->pend[i], &f->pend[i + 1], (f->npend - i) * sizeof(f->pend[0]));
	else
		f->pend[i] = f->pend[f->npend];
	for (uint32_t k = i; k < f->npend; k++)
		f->pend[k].req.seg = f->pend[k].seg;
	if (flush)
		virtq_dev_flush(&f->dev);
}

static void fz_dev_push(struct fz *f)
{
	uint8_t b = u8(f);
	uint32_t len_pick = u32(f);

	fz_dev_push_one(f, b, len_pick, b & 1);
}

static void fz_dev_notify(struct fz *f)
{
	uint8_t b = u8(f);
	struct virtq_notify nd;

	switch (b % 5) {
	case 0:
		virtq_dev_flush(&f->dev);
		(void)virtq_dev_should_notify(&f->dev);
		break;
	case 1:
		(void)virtq_dev_enable_notify(&f->dev);
		break;
	case 2:
		virtq_dev_disable_notify(&f->dev);
		break;
	case 3:
		(void)virtq_dev_should_notify(&f->dev);
		break;
	default:
		virtq_dev_parse_notify_data(f->layout, u32(f), &nd);
		break;
	}
	FZ_CHECK(f, virtq_dev_error(&f->dev) == f->dev_err,
		 "notification control changed the device error to %s",
		 virtq_strerror(virtq_dev_error(&f->dev)));
}

/* ---- driver operations -------------------------------------------------------- */

static void fz_drv_add(struct fz *f)
{
	uint8_t b = u8(f), c = u8(f);
	struct virtq_sg sg[FZ_MAX_NUM];
	uint32_t out = b % 4u, in = (b >> 2) % 4u, total, in_len = 0, t;
	int r;

	for (t = 0; t < FZ_TOKENS && f->tok[t].out; t++)
		;
	if (t == FZ_TOKENS)
		return;
	if (b & 0x80) {                     /* a chain exactly the queue size long */
		out = c % (f->num + 1u);
		in = f->num - out;
	}
	if (out + in == 0)
		in = 1;
	total = out + in;
	for (uint32_t i = 0; i < total; i++) {
		uint32_t len = 1u + u8(f) % 64u;
		uint32_t off = (uint32_t)u16(f) % (FZ_BLOCK - FZ_DATA_OFF - 64u);

		sg[i].addr = f->gpa + FZ_DATA_OFF + off;
		sg[i].len = len;
		if (i >= out)
			in_len += len;
	}
	r = virtq_drv_add(&f->drv, sg, out, in, &f->tok[t], (c & 0x40) ? VIRTQ_ADD_INDIRECT : 0);
	f->st->adds++;
	if (f->drv_err) {
		FZ_CHECK(f, r == -VIRTQ_EBROKEN, "add on a broken queue returned %d", r);
		return;
	}
	FZ_CHECK(f, r == 0 || r == -VIRTQ_ENOSPC || r == -VIRTQ_EINVAL, "add returned %d (%s)", r,
		 virtq_strerror(r));
	FZ_CHECK(f, r != -VIRTQ_EINVAL || total > f->num, "add of %u descriptors: EINVAL", total);
	if (r == 0) {
		f->tok[t].out = true;
		f->tok[t].in_len = in_len;
	}
	FZ_CHECK(f, virtq_drv_num_free(&f->drv) <= f->num, "num_free %u > num",
		 virtq_drv_num_free(&f->drv));
}

static void fz_drv_get(struct fz *f)
{
	uint32_t rounds = 1u + u8(f) % 8u;

	while (rounds--) {
		uint32_t len = 0xdeadbeefu;
		void *t = virtq_drv_get(&f->drv, &len);
		struct fz_tok *k = t;

		f->st->gets++;
		if (!t) {
			fz_drv_check_broken(f);
			return;
		}
		FZ_CHECK(f, !f->drv_err, "get returned a token on a broken queue");
		FZ_CHECK(f, k >= f->tok && k < f->tok + FZ_TOKENS, "get returned a foreign token");
		FZ_CHECK(f, k->out, "token %d returned while not outstanding", (int)(k - f->tok));
		FZ_CHECK(f, len <= k->in_len, "used len %u > writable %u", len, k->in_len);
		k->out = false;
	}
}

static void fz_drv_notify(struct fz *f)
{
	switch (u8(f) % 6) {
	case 0:
		(void)virtq_drv_kick_prepare(&f->drv);
		break;
	case 1:
		(void)virtq_drv_enable_cb(&f->drv);
		break;
	case 2:
		(void)virtq_drv_enable_cb_delayed(&f->drv);
		break;
	case 3:
		virtq_drv_disable_cb(&f->drv);
		break;
	case 4:
		(void)virtq_drv_more_used(&f->drv);
		break;
	default:
		(void)virtq_drv_notify_data(&f->drv);
		break;
	}
	fz_drv_check_broken(f);
}

/* ---- reset and ring position ------------------------------------------------- */

static void fz_reset(struct fz *f)
{
	void *t;
	uint32_t n = 0;

	/* detach hands back every outstanding token exactly once */
	while ((t = virtq_drv_detach(&f->drv)) != NULL) {
		struct fz_tok *k = t;

		FZ_CHECK(f, k >= f->tok && k < f->tok + FZ_TOKENS, "detach: foreign token");
		FZ_CHECK(f, k->out, "detach returned token %d twice (or never added)",
			 (int)(k - f->tok));
		k->out = false;
		FZ_CHECK(f, ++n <= f->num, "detach returned more than num tokens");
	}
	for (uint32_t i = 0; i < FZ_TOKENS; i++)
		FZ_CHECK(f, !f->tok[i].out, "token %u outstanding but not detached", i);
	virtq_drv_reset(&f->drv);
	virtq_dev_reset(&f->dev);
	FZ_CHECK(f, !virtq_drv_error(&f->drv) && !virtq_dev_error(&f->dev), "reset left an error");
	f->npend = 0;
	f->dev_err = f->drv_err = 0;
	f->st->resets++;
}

/* Save and restore the device position as a migration would, after the
 * device has completed what it took (the position does not carry requests
 * in flight: with VIRTIO_F_IN_ORDER the next push must be the oldest). */
static void fz_base(struct fz *f)
{
	uint32_t base;
	int r;

	if (f->dev_err || f->npend)
		return;
	virtq_dev_flush(&f->dev);
	base = virtq_dev_get_base(&f->dev);
	virtq_dev_reset(&f->dev);
	r = virtq_dev_set_base(&f->dev, base);
	FZ_CHECK(f, r == 0, "set_base(get_base() = 0x%08x): %s", base, virtq_strerror(r));
	FZ_CHECK(f, virtq_dev_get_base(&f->dev) == base, "base 0x%08x came back as 0x%08x", base,
		 virtq_dev_get_base(&f->dev));
}

/* ---- hostile memory writes -------------------------------------------------------- */

static uint64_t fz_addr(struct fz *f)
{
	switch (u8(f) % 5) {
	case 0:
	case 1:
		return f->gpa + FZ_DATA_OFF + u16(f) % (FZ_BLOCK - FZ_DATA_OFF);
	case 2:
		return f->gpa + FZ_IND_OFF + ((u16(f) % (FZ_DATA_OFF - FZ_IND_OFF)) & ~15u);
	case 3:
		return f->gpa + FZ_BLOCK - (u8(f) % 64u);   /* at the end of the map */
	default:
		return u64(f);
	}
}

static uint32_t fz_len(struct fz *f)
{
	switch (u8(f) % 5) {
	case 0:
	case 1:
		return u8(f);
	case 2:
		return 16u * (u8(f) % 10u);                  /* indirect table sizes */
	case 3:
		return u16(f);
	default:
		return u32(f);
	}
}

/* A descriptor written by a hostile driver (or a hostile device, for the
 * used form of a packed descriptor). */
static void fz_write_desc(struct fz *f, volatile void *where)
{
	uint8_t b = u8(f);
	uint64_t addr = fz_addr(f);
	uint32_t len = fz_len(f);

	if (f->layout == VIRTQ_LAYOUT_PACKED) {
		volatile struct virtq_packed_desc *d = where;
		static const uint16_t wrapbits[4] = {
			VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_USED,
			VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED, 0,
		};
		uint16_t id = (b & 0x80) ? u16(f) : (uint16_t)(u8(f) % (f->num + 1u));

		d->addr = pvref_le64(addr);
		d->len = pvref_le32(len);
		d->id = pvref_le16(id);
		d->flags = pvref_le16((uint16_t)((b & 7u) | wrapbits[(b >> 3) & 3u]));
	} else {
		volatile struct virtq_split_desc *d = where;
		uint16_t next = (b & 0x80) ? u16(f) : (uint16_t)(u8(f) % (f->num + 1u));

		d->addr = pvref_le64(addr);
		d->len = pvref_le32(len);
		d->flags = pvref_le16((uint16_t)(b & 7u));
		d->next = pvref_le16(next);
	}
}

static void fz_mutate_desc(struct fz *f)
{
	uint8_t b = u8(f);

	if (b & 1) {            /* an entry of the indirect pool */
		uint32_t e = u8(f) % ((FZ_DATA_OFF - FZ_IND_OFF) / 16u);

		fz_write_desc(f, f->block + FZ_IND_OFF + 16u * e);
	} else {                /* a ring descriptor */
		fz_write_desc(f, f->block + 16u * (u8(f) % f->num));
	}
}

static volatile uint16_t *fz_u16_at(struct fz *f, size_t off)
{
	return (volatile uint16_t *)(void *)(f->block + off);
}

/* Ring indexes, ring entries, used elements and event structures. */
static void fz_mutate_ring(struct fz *f)
{
	uint8_t b = u8(f);
	uint16_t v = (b & 0x80) ? u16(f) : (uint16_t)(u8(f) % 4u);
	struct virtq_ring_offsets o = { 0, 0, 0, 0 };

	(void)virtq_ring_layout(f->layout, f->num, &o);
	if (f->layout == VIRTQ_LAYOUT_PACKED) {
		switch (b % 4) {
		case 0:         /* driver event suppression: off_wrap, flags */
		case 1:         /* device event suppression */
			*fz_u16_at(f, (b % 4 ? o.device : o.driver) + ((b >> 2) & 2u)) = pvref_le16(v);
			break;
		default:        /* a used element from a hostile device */
			fz_write_desc(f, f->block + 16u * (u8(f) % f->num));
			break;
		}
		return;
	}
	{
		volatile struct virtq_split_avail *a = (volatile void *)(f->block + o.driver);
		volatile struct virtq_split_used *u = (volatile void *)(f->block + o.device);
		uint32_t slot = u8(f) % f->num;

		switch (b % 8) {
		case 0:         /* avail idx moves (a small step, or anything) */
			a->idx = pvref_le16((b & 0x80) ? v : (uint16_t)(pvref_le16(a->idx) + v));
			break;
		case 1:
			a->ring[slot] = pvref_le16((b & 0x80) ? v : (uint16_t)(v + slot));
			break;
		case 2:         /* used idx moves */
			u->idx = pvref_le16((b & 0x80) ? v : (uint16_t)(pvref_le16(u->idx) + v));
			break;
		case 3:
			u->ring[slot].id = pvref_le32((b & 0x80) ? u32(f) : (uint32_t)(u8(f) % (f->num + 1u)));
			u->ring[slot].len = pvref_le32(fz_len(f));
			break;
		case 4:
			*virtq_split_used_event(a, f->num) = pvref_le16(v);
			break;
		case 5:
			*virtq_split_avail_event(u, f->num) = pvref_le16(v);
			break;
		case 6:
			a->flags = pvref_le16(v);
			break;
		default:
			u->flags = pvref_le16(v);
			break;
		}
	}
}

static void fz_mutate_raw(struct fz *f)
{
	uint32_t off = u16(f) % FZ_BLOCK, n = 1u + u8(f) % 16u;

	for (uint32_t i = 0; i < n && off + i < FZ_BLOCK; i++)
		f->block[off + i] = u8(f);
}

/* ---- the case --------------------------------------------------------------- */

void fuzz_ring_case(const uint8_t *data, size_t size, fuzz_fail_fn fail, struct fuzz_stats *st)
{
	static struct fz f;
	uint8_t b0, b1;

	memset(&f, 0, sizeof(f));
	f.p = data;
	f.n = size;
	f.fail = fail;
	f.st = st;
	f.block = fz_block();
	if (!f.block)
		fail("cannot map the guarded block");
	f.gpa = FZ_GPA;
	b0 = u8(&f);
	b1 = u8(&f);
	fz_setup(&f, b0, b1);
	st->cases++;

	while (f.n) {
		uint8_t op = u8(&f);

		st->ops++;
		/* weights: mostly well-formed traffic, about one step in seven
		 * a hostile write, a reset or a migration now and then */
		if (op < 60)
			fz_drv_add(&f);
		else if (op < 100)
			fz_drv_get(&f);
		else if (op < 115)
			fz_drv_notify(&f);
		else if (op < 165)
			fz_dev_pop(&f);
		else if (op < 205)
			fz_dev_push(&f);
		else if (op < 220)
			fz_dev_notify(&f);
		else if (op < 235)
			fz_mutate_desc(&f);
		else if (op < 247)
			fz_mutate_ring(&f);
		else if (op < 252)
			fz_mutate_raw(&f);
		else if (op < 254)
			fz_base(&f);
		else
			fz_reset(&f);
		if (f.dev_err)
			FZ_CHECK(&f, virtq_dev_error(&f.dev) == f.dev_err,
				 "device error %s became %s without reset", virtq_strerror(f.dev_err),
				 virtq_strerror(virtq_dev_error(&f.dev)));
		else
			FZ_CHECK(&f, virtq_dev_error(&f.dev) == 0,
				 "device broke (%s) outside pop", virtq_strerror(virtq_dev_error(&f.dev)));
	}
	/* a broken device keeps saying so */
	if (f.dev_err) {
		struct virtq_req q;
		struct virtq_seg s[1];

		FZ_CHECK(&f, virtq_dev_pop(&f.dev, &q, s, 1) == f.dev_err, "pop after %s",
			 virtq_strerror(f.dev_err));
	}
}

/* ---- device only: the input is the ring ---------------------------------------- */

/* Copy up to n input bytes to block offset off. */
static void fz_fill(struct fz *f, size_t off, size_t n)
{
	if (n > f->n)
		n = f->n;
	memcpy(f->block + off, f->p, n);
	f->p += n;
	f->n -= n;
}

void fuzz_dev_ring_case(const uint8_t *data, size_t size, fuzz_fail_fn fail,
			struct fuzz_stats *st)
{
	static struct fz f;
	struct virtq_ring_offsets o = { 0, 0, 0, 0 };
	uint8_t b0, b1;

	memset(&f, 0, sizeof(f));
	f.p = data;
	f.n = size;
	f.fail = fail;
	f.st = st;
	f.block = fz_block();
	if (!f.block)
		fail("cannot map the guarded block");
	/* the block at guest address 0: small numbers in the input are
	 * addresses inside the map, so walks get past the first check */
	f.gpa = 0;
	b0 = u8(&f);
	b1 = u8(&f);
	fz_setup(&f, b0, b1);
	(void)virtq_ring_layout(f.layout, f.num, &o);
	st->cases++;

	/* a round: one control byte, then the driver-written areas
	 * (descriptors, then avail ring or driver event structure; the device
	 * area stays the device's), then 256 bytes of indirect tables */
	while (f.n) {
		uint8_t ctl = u8(&f);

		fz_fill(&f, 0, o.device);
		fz_fill(&f, FZ_IND_OFF, FZ_DEV_RING_IND);
		st->ops++;
		for (uint32_t k = 0; k <= f.num && !f.dev_err; k++) {
			uint32_t before = f.npend;

			fz_dev_pop_max(&f, (ctl & 0xc0) ? FZ_MAX_SEG : 1u + ctl % 4u);
			if (f.npend == before)
				break;
		}
		/* complete in pop order or from the newest, full or short */
		for (uint32_t k = 0; f.npend && !f.dev_err; k++)
			fz_dev_push_one(&f, (ctl & 8) ? f.npend - 1u : 0u,
					(ctl & 16) ? UINT32_MAX - k : k * 7u, false);
		virtq_dev_flush(&f.dev);
		(void)virtq_dev_should_notify(&f.dev);
		(void)virtq_dev_enable_notify(&f.dev);
		if (f.dev_err) {
			struct virtq_req q;
			struct virtq_seg sg[1];

			FZ_CHECK(&f, virtq_dev_pop(&f.dev, &q, sg, 1) == f.dev_err, "pop after %s",
				 virtq_strerror(f.dev_err));
			virtq_dev_reset(&f.dev);
			f.npend = 0;
			f.dev_err = 0;
			st->resets++;
		}
		FZ_CHECK(&f, virtq_dev_error(&f.dev) == 0, "device broke (%s) outside pop",
			 virtq_strerror(virtq_dev_error(&f.dev)));
	}
}
