/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net.h - virtio-net for the tests: ARP requests for QEMU's user-mode
 * gateway 10.0.2.2 on the transmit queue, the replies on the receive queue.
 */
#ifndef GUEST_TESTS_NET_H
#define GUEST_TESTS_NET_H

#include <stdint.h>
#include <stdbool.h>
#include "genv.h"

#define VIRTIO_NET_F_MAC   5
#define NET_HDR_LEN        12u     /* virtio_net_hdr with num_buffers (VERSION_1) */
#define NET_RXBUF          2048u
#define NET_RXQ            0
#define NET_TXQ            1
#define ARP_FRAME_LEN      42u
#define NET_BATCH          12u

struct net {
	struct gvq q[2];
	uint8_t mac[6];
	uint8_t *rxbuf;                 /* num rx buffers of NET_RXBUF */
	uint8_t *txbuf;                 /* NET_BATCH frames of 64 bytes, header first */
	unsigned rx_posted;
};

/* Start virtio-net (MAC | extra features, rx + tx queue); SKIP without one. */
bool net_start(struct pvc_t *t, struct net *n, uint64_t extra);
/* Post receive buffer i; post every receive buffer and kick. */
bool net_rx_post(struct pvc_t *t, struct net *n, unsigned i);
bool net_rx_fill(struct pvc_t *t, struct net *n);
/* Frame k of the transmit area, filled with an ARP request behind a zeroed header. */
uint8_t *net_arp_request(struct net *n, unsigned k);
bool net_is_gw_reply(const struct net *n, const uint8_t *f);
bool net_tx_batch(struct pvc_t *t, struct net *n, unsigned cnt);
/* cnt requests out, cnt replies back; counts used lengths that differ from
 * what the device wrote. */
bool net_arp_round(struct pvc_t *t, struct net *n, unsigned cnt, unsigned *tx_len_bad,
		   unsigned *rx_len_bad);

#endif /* GUEST_TESTS_NET_H */
