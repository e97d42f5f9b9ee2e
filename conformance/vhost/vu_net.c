// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_net.c - virtio-net over the back-end's rings (vu_net.h).
 *
 * The header in front of every frame is 12 bytes (struct virtio_net_hdr
 * with num_buffers) with VIRTIO_F_VERSION_1 or VIRTIO_NET_F_MRG_RXBUF,
 * else 10.  No offloads are offered, so the header carries nothing the
 * device must act on; num_buffers is set on receive with MRG_RXBUF.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vu_net.h"

#define ETH_HLEN 14
#define ETH_P_IP  0x0800
#define ETH_P_ARP 0x0806

static unsigned hdr_len(const struct vu_backend *b)
{
	return (virtio_has_feature(b->features, VIRTIO_F_VERSION_1) ||
		virtio_has_feature(b->features, VIRTIO_NET_F_MRG_RXBUF)) ? 12u : 10u;
}

uint16_t vu_inet_sum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;

	for (; len > 1; len -= 2, b += 2)
		sum += (uint32_t)b[0] << 8 | b[1];
	if (len)
		sum += (uint32_t)b[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

int vu_net_init(struct vu_net *n, bool loopback, const char *ip)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x99 };

	memset(n, 0, sizeof(*n));
	memcpy(n->mac, mac, 6);
	if (inet_pton(AF_INET, ip ? ip : "10.0.2.2", n->ip) != 1)
		return -1;
	n->loopback = loopback;
	n->pend = calloc(VU_NET_PENDING, sizeof(*n->pend));
	return n->pend ? 0 : -1;
}

void vu_net_fini(struct vu_net *n)
{
	free(n->pend);
	n->pend = NULL;
}

static struct vu_net_frame *queue_frame(struct vu_net *n)
{
	struct vu_net_frame *f;

	if (n->count == VU_NET_PENDING) {
		n->rx_drops++;
		return NULL;
	}
	f = &n->pend[(n->head + n->count) % VU_NET_PENDING];
	n->count++;
	return f;
}

static void reply_arp(struct vu_net *n, const uint8_t *fr, unsigned len)
{
	const uint8_t *a = fr + ETH_HLEN;
	struct vu_net_frame *f;
	uint8_t *o;

	/* Ethernet/IPv4 request (op 1) for our address */
	if (len < ETH_HLEN + 28 || a[0] != 0 || a[1] != 1 || a[2] != 8 || a[3] != 0 ||
	    a[7] != 1 || memcmp(a + 24, n->ip, 4))
		return;
	f = queue_frame(n);
	if (!f)
		return;
	o = f->data;
	memcpy(o, fr + 6, 6);
	memcpy(o + 6, n->mac, 6);
	o[12] = ETH_P_ARP >> 8;
	o[13] = ETH_P_ARP & 0xff;
	memcpy(o + ETH_HLEN, a, 6);            /* htype, ptype, hlen, plen */
	o[ETH_HLEN + 6] = 0;
	o[ETH_HLEN + 7] = 2;                   /* reply */
	memcpy(o + ETH_HLEN + 8, n->mac, 6);
	memcpy(o + ETH_HLEN + 14, n->ip, 4);
	memcpy(o + ETH_HLEN + 18, a + 8, 10);  /* sender becomes target */
	f->len = ETH_HLEN + 28;
	n->arp_replies++;
}

static void reply_icmp(struct vu_net *n, const uint8_t *fr, unsigned len)
{
	const uint8_t *ip = fr + ETH_HLEN;
	unsigned ihl, tot;
	struct vu_net_frame *f;
	uint8_t *o, *oi, *oc;

	if (len < ETH_HLEN + 20 || (ip[0] >> 4) != 4)
		return;
	ihl = (ip[0] & 15u) * 4u;
	tot = (unsigned)ip[2] << 8 | ip[3];
	if (ihl < 20 || tot < ihl + 8 || ETH_HLEN + tot > len || memcmp(ip + 16, n->ip, 4))
		return;
	if (vu_inet_sum(ip, ihl, 0) != 0xffff) {
		n->bad_ip_csum++;
		return;
	}
	if (ip[9] != 1 || ip[ihl] != 8)        /* ICMP echo request */
		return;
	if (vu_inet_sum(ip + ihl, tot - ihl, 0) != 0xffff) {
		n->bad_icmp_csum++;
		return;
	}
	if (ETH_HLEN + tot > VU_NET_FRAME)
		return;
	f = queue_frame(n);
	if (!f)
		return;
	o = f->data;
	memcpy(o, fr + 6, 6);
	memcpy(o + 6, n->mac, 6);
	memcpy(o + 12, fr + 12, 2);
	oi = o + ETH_HLEN;
	memcpy(oi, ip, tot);
	memcpy(oi + 12, ip + 16, 4);
	memcpy(oi + 16, ip + 12, 4);
	oi[8] = 64;
	oi[10] = oi[11] = 0;
	{
		uint16_t s = (uint16_t)~vu_inet_sum(oi, ihl, 0);

		oi[10] = (uint8_t)(s >> 8);
		oi[11] = (uint8_t)s;
	}
	oc = oi + ihl;
	oc[0] = 0;                             /* echo reply */
	oc[2] = oc[3] = 0;
	{
		uint16_t s = (uint16_t)~vu_inet_sum(oc, tot - ihl, 0);

		oc[2] = (uint8_t)(s >> 8);
		oc[3] = (uint8_t)s;
	}
	f->len = (uint16_t)(ETH_HLEN + tot);
	n->icmp_replies++;
}

static void handle_frame(struct vu_net *n, const uint8_t *fr, unsigned len)
{
	uint16_t type;

	n->tx_frames++;
	n->tx_bytes += len;
	if (len < ETH_HLEN) {
		n->tx_runts++;
		return;
	}
	type = (uint16_t)(fr[12] << 8 | fr[13]);
	if (type == ETH_P_ARP && len >= ETH_HLEN + 28 && !memcmp(fr + ETH_HLEN + 24, n->ip, 4)) {
		reply_arp(n, fr, len);
		return;
	}
	if (type == ETH_P_IP && len >= ETH_HLEN + 20) {
		unsigned ihl = (fr[ETH_HLEN] & 15u) * 4u;

		/* no checksum offload is offered: every IPv4 header arrives
		 * with its checksum complete */
		if ((fr[ETH_HLEN] >> 4) == 4 && ihl >= 20 && ETH_HLEN + ihl <= len &&
		    vu_inet_sum(fr + ETH_HLEN, ihl, 0) != 0xffff) {
			n->bad_ip_csum++;
			return;
		}
		if (!memcmp(fr + ETH_HLEN + 16, n->ip, 4)) {
			reply_icmp(n, fr, len);
			return;
		}
	}
	if (n->loopback && len <= VU_NET_FRAME) {
		struct vu_net_frame *f = queue_frame(n);

		if (!f)
			return;
		memcpy(f->data, fr + 6, 6);
		memcpy(f->data + 6, fr, 6);
		memcpy(f->data + 12, fr + 12, len - 12);
		f->len = (uint16_t)len;
	}
}

/* Transmit queue: gather each request's readable bytes and handle it. */
static unsigned net_tx(struct vu_backend *b, struct vu_vq *vq)
{
	struct vu_net *n = b->dstate;
	static uint8_t buf[65536 + 64];
	struct virtq_seg seg[VU_MAX_SEGS];
	struct virtq_req req;
	unsigned taken = 0, hl = hdr_len(b);

	while (vu_vq_pop(vq, &req, seg, VU_MAX_SEGS) == 1) {
		uint32_t got = 0;

		for (uint32_t i = 0; i < req.nseg && !seg[i].writable; i++) {
			uint32_t c = seg[i].len;

			if (c > sizeof(buf) - got)
				c = (uint32_t)(sizeof(buf) - got);
			memcpy(buf + got, seg[i].addr, c);
			got += c;
		}
		if (got >= hl)
			handle_frame(n, buf + hl, got - hl);
		else
			n->tx_runts++;
		vu_vq_push(vq, &req, 0);
		taken++;
		if (taken % 64 == 0)
			vu_vq_flush(vq);
	}
	vu_vq_flush(vq);
	return taken;
}

/* Copy src into the writable segments of one request from *off on. */
static uint32_t fill(const struct virtq_req *req, const struct virtq_seg *seg, uint32_t *skip,
		     const uint8_t *src, uint32_t len)
{
	uint32_t done = 0;

	for (uint32_t i = 0; i < req->nseg && done < len; i++) {
		uint32_t at, c;

		if (!seg[i].writable)
			continue;
		if (*skip >= seg[i].len) {
			*skip -= seg[i].len;
			continue;
		}
		at = *skip;
		c = seg[i].len - at;
		if (c > len - done)
			c = len - done;
		memcpy((uint8_t *)seg[i].addr + at, src + done, c);
		done += c;
		*skip += c;
	}
	return done;
}

/* Receive queue: deliver pending frames into the driver's buffers.  The
 * header and the frame are laid out as one byte string and spread over
 * one buffer, or with MRG_RXBUF over as many as it takes; num_buffers in
 * the first buffer's header is written before the batch is published. */
static unsigned net_rx(struct vu_backend *b, struct vu_vq *vq)
{
	struct vu_net *n = b->dstate;
	bool mrg = virtio_has_feature(b->features, VIRTIO_NET_F_MRG_RXBUF);
	unsigned hl = hdr_len(b), taken = 0;
	static struct virtq_seg seg[VU_MAX_SEGS], first_seg[VU_MAX_SEGS];
	static uint8_t pkt[12 + VU_NET_FRAME];
	struct virtq_req req, first;

	while (n->count && vu_vq_ready(vq)) {
		struct vu_net_frame *f = &n->pend[n->head];
		uint32_t total = hl + f->len, done = 0;
		uint16_t nbuf = 0;

		memset(pkt, 0, hl);
		memcpy(pkt + hl, f->data, f->len);
		while (done < total) {
			uint32_t skip = 0, put;

			if (vu_vq_pop(vq, &req, seg, VU_MAX_SEGS) != 1)
				break;
			taken++;
			put = fill(&req, seg, &skip, pkt + done, total - done);
			if (!nbuf) {
				first = req;
				memcpy(first_seg, seg, sizeof(seg[0]) * req.nseg);
				first.seg = first_seg;
			}
			nbuf++;
			done += put;
			vu_vq_push(vq, &req, put);
			if (!mrg || !put)
				break;
		}
		if (!nbuf)
			break;              /* no receive buffer: keep the frame */
		if (mrg) {
			uint8_t nb[2] = { (uint8_t)nbuf, (uint8_t)(nbuf >> 8) };  /* le16 */
			uint32_t skip = 10;

			fill(&first, first_seg, &skip, nb, 2);
			if (nbuf > 1)
				n->rx_multi++;
		}
		if (done < total) {
			n->rx_drops++;      /* did not fit: delivered cut short */
		} else {
			n->rx_frames++;
			n->rx_bytes += f->len;
		}
		n->head = (n->head + 1) % VU_NET_PENDING;
		n->count--;
	}
	vu_vq_flush(vq);
	return taken;
}

static unsigned net_process(struct vu_backend *b, struct vu_vq *vq)
{
	unsigned n = vq->index & 1 ? net_tx(b, vq) : net_rx(b, vq);

	/* replies produced by transmit go out on the pair's receive queue */
	if (vq->index & 1)
		net_rx(b, &b->vq[vq->index - 1]);
	return n;
}

static void net_tick(struct vu_backend *b)
{
	struct vu_net *n = b->dstate;

	if (n->count)
		net_rx(b, &b->vq[0]);
}

static void net_reset(struct vu_backend *b)
{
	struct vu_net *n = b->dstate;

	n->head = n->count = 0;
}

const struct vu_device vu_net_device = {
	.name = "virtio-net",
	.features = VIRTIO_BIT(VIRTIO_NET_F_MRG_RXBUF),
	.queues = 2,
	.reset = net_reset,
	.process = net_process,
	.tick = net_tick,
};
