/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_net.h - the virtio-net device behind pvvhost: queue 2k receives
 * (device -> driver), queue 2k+1 transmits.  Every transmitted frame is
 * taken apart: ARP requests and ICMP echo requests for the device's own
 * IPv4 address are answered (their checksums verified first), and with
 * loopback every other frame comes back on the receive queue with its
 * MAC addresses swapped.  Receive buffers are filled as the driver made
 * them available, with VIRTIO_NET_F_MRG_RXBUF when negotiated.
 */
#ifndef VU_NET_H
#define VU_NET_H

#include <stdbool.h>
#include <stdint.h>
#include "vu_backend.h"

#define VIRTIO_NET_F_MTU        3
#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16
#define VIRTIO_NET_F_CTRL_VQ    17
#define VIRTIO_NET_F_MQ         22

#define VU_NET_PENDING  512u      /* receive frames waiting for buffers */
#define VU_NET_FRAME    2048u     /* largest frame kept for receive */

struct vu_net_frame {
	uint16_t len;
	uint8_t data[VU_NET_FRAME];
};

struct vu_net {
	uint8_t mac[6];
	uint8_t ip[4];
	bool loopback;
	unsigned head, count;      /* pending receive frames (ring) */
	struct vu_net_frame *pend;
	/* counters */
	uint64_t tx_frames, tx_bytes, tx_runts, rx_frames, rx_bytes, rx_drops;
	uint64_t arp_replies, icmp_replies, bad_ip_csum, bad_icmp_csum, rx_multi;
};

extern const struct vu_device vu_net_device;

int vu_net_init(struct vu_net *n, bool loopback, const char *ip);
void vu_net_fini(struct vu_net *n);

/* Internet checksum of len bytes (RFC 1071), folded, not inverted. */
uint16_t vu_inet_sum(const void *p, size_t len, uint32_t sum);

#endif /* VU_NET_H */
