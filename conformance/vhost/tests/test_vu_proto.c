// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_vu_proto.c - the vhost-user back-end against a scripted front-end
 * on a socketpair: a correct session brings a ring up and moves frames;
 * malformed messages (sizes, descriptors, indexes, memory tables, ring
 * addresses), hostile ring contents and random bytes get an error reply or
 * a disconnect and never a crash (run under ASan/UBSan by 'make test').
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ut.h"
#include "vu_backend.h"
#include "vu_net.h"
#include "vu_blk.h"

#define MEM_SIZE   (1u << 20)
#define MEM_GPA    0x100000ull
#define MEM_UA     0x7f0000000000ull
#define RING_NUM   8u

struct fe {
	struct vu_backend b;
	struct vu_net net;
	struct vu_blk blk;
	int sock;              /* front-end end of the socketpair */
	int memfd;
	uint8_t *mem;          /* the front-end's view of its memory */
};

static struct fe *fe_new(uint64_t offered)
{
	struct fe *f = calloc(1, sizeof(*f));
	int sv[2];

	UT_ASSERT(f);
	UT_ASSERT(!vu_net_init(&f->net, true, "10.0.2.2"));
	UT_ASSERT(!vu_backend_init(&f->b, &vu_net_device, &f->net, offered, 1));
	f->b.quiet = true;
	UT_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	f->sock = sv[0];
	f->b.conn_fd = sv[1];
	f->memfd = memfd_create("vu-test", MFD_CLOEXEC);
	UT_ASSERT(f->memfd >= 0 && !ftruncate(f->memfd, MEM_SIZE));
	f->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, f->memfd, 0);
	UT_ASSERT(f->mem != MAP_FAILED);
	return f;
}

/* The same with the virtio-blk device (a 1 MiB disk) behind the rings. */
static struct fe *fe_new_blk(uint64_t offered)
{
	struct fe *f = fe_new(0);

	vu_backend_fini(&f->b);
	UT_ASSERT(!vu_blk_init(&f->blk, 1u << 20));
	UT_ASSERT(!vu_backend_init(&f->b, &vu_blk_device, &f->blk, offered, 1));
	f->b.quiet = true;
	{
		int sv[2];

		close(f->sock);
		UT_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
		f->sock = sv[0];
		f->b.conn_fd = sv[1];
	}
	return f;
}

static void fe_free(struct fe *f)
{
	vu_backend_fini(&f->b);
	vu_net_fini(&f->net);
	vu_blk_fini(&f->blk);
	close(f->sock);
	close(f->memfd);
	munmap(f->mem, MEM_SIZE);
	free(f);
}

/* Send a message and let the back-end handle it; returns serve_one's result. */
static int xfer(struct fe *f, uint32_t req, uint32_t flags, const void *payload, uint32_t size,
		const int *fds, unsigned nfds)
{
	struct vu_msg m;

	memset(&m, 0, sizeof(m));
	m.hdr.request = req;
	m.hdr.flags = VU_VERSION | flags;
	m.hdr.size = size;
	if (size)
		memcpy(&m.p, payload, size);
	if (nfds)
		memcpy(m.fds, fds, sizeof(int) * nfds);
	m.nfds = nfds;
	UT_ASSERT(!vu_msg_send(f->sock, &m));
	return vu_backend_serve_one(&f->b);
}

/* A reply waiting on the socket? Reads it into *r. */
static bool reply(struct fe *f, struct vu_msg *r)
{
	struct pollfd p = { .fd = f->sock, .events = POLLIN };
	char err[128];

	if (poll(&p, 1, 0) != 1)
		return false;
	return vu_msg_recv(f->sock, r, err, sizeof(err)) == 1;
}

static bool dropped(struct fe *f)
{
	return f->b.conn_fd < 0;
}

static uint64_t get_u64(struct fe *f, uint32_t req)
{
	struct vu_msg r;

	UT_EQ(xfer(f, req, 0, NULL, 0, NULL, 0), 1);
	UT_ASSERT(reply(f, &r));
	UT_EQ(r.hdr.request, req);
	UT_ASSERT(r.hdr.flags & VU_FLAG_REPLY);
	return r.p.u64;
}

/* Negotiate with REPLY_ACK so that refusals come back as replies. */
static void handshake(struct fe *f, bool packed)
{
	uint64_t feat = get_u64(f, VU_GET_FEATURES), pf;

	UT_ASSERT(feat & VIRTIO_BIT(VU_F_PROTOCOL_FEATURES));
	feat &= VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VU_F_PROTOCOL_FEATURES) |
		(packed ? VIRTIO_BIT(VIRTIO_F_RING_PACKED) : 0);
	UT_EQ(xfer(f, VU_SET_FEATURES, 0, &feat, 8, NULL, 0), 1);
	pf = get_u64(f, VU_GET_PROTOCOL_FEATURES);
	UT_ASSERT(pf & VIRTIO_BIT(VU_PF_REPLY_ACK));
	pf = VIRTIO_BIT(VU_PF_REPLY_ACK);
	UT_EQ(xfer(f, VU_SET_PROTOCOL_FEATURES, 0, &pf, 8, NULL, 0), 1);
	UT_EQ(xfer(f, VU_SET_OWNER, 0, NULL, 0, NULL, 0), 1);
}

/* Send with NEED_REPLY; returns the ack value (0 accepted), or -1 when
 * the back-end dropped the connection instead. */
static long long acked(struct fe *f, uint32_t req, const void *p, uint32_t size,
		       const int *fds, unsigned nfds)
{
	struct vu_msg r;
	int rc = xfer(f, req, VU_FLAG_NEED_REPLY, p, size, fds, nfds);

	if (rc < 0 || dropped(f))
		return -1;
	UT_ASSERT(reply(f, &r));
	UT_EQ(r.hdr.size, 8);
	return (long long)r.p.u64;
}

static struct vu_mem_table one_region(void)
{
	struct vu_mem_table t;

	memset(&t, 0, sizeof(t));
	t.nregions = 1;
	t.regions[0].gpa = MEM_GPA;
	t.regions[0].size = MEM_SIZE;
	t.regions[0].uaddr = MEM_UA;
	t.regions[0].mmap_offset = 0;
	return t;
}

static uint32_t table_size(uint32_t n)
{
	return (uint32_t)(8 + n * sizeof(struct vu_mem_region));
}

/* Rings of queue q at offset off of the memory (packed: desc, two events). */
static void setup_ring(struct fe *f, unsigned q, size_t off, int *kick, int *call)
{
	struct vu_vring_state st = { q, RING_NUM };
	struct vu_vring_addr a = { 0 };
	uint64_t v;

	UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 0);
	a.index = q;
	a.desc_uaddr = MEM_UA + off;
	a.avail_uaddr = MEM_UA + off + 16 * RING_NUM;
	a.used_uaddr = MEM_UA + off + 16 * RING_NUM + 4;
	UT_EQ(acked(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0), 0);
	st.num = 0x80008000u;
	UT_EQ(acked(f, VU_SET_VRING_BASE, &st, sizeof(st), NULL, 0), 0);
	*kick = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	*call = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	v = q;
	UT_EQ(acked(f, VU_SET_VRING_CALL, &v, 8, call, 1), 0);
	UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, kick, 1), 0);
	st.num = 1;
	UT_EQ(acked(f, VU_SET_VRING_ENABLE, &st, sizeof(st), NULL, 0), 0);
}

/* Make one packed descriptor available at slot (first lap). */
static void put_desc(struct fe *f, size_t ring_off, unsigned slot, uint64_t gpa, uint32_t len,
		     uint16_t id, uint16_t flags)
{
	struct virtq_packed_desc *d = (void *)(f->mem + ring_off);

	d[slot].addr = gpa;
	d[slot].len = len;
	d[slot].id = id;
	__atomic_store_n(&d[slot].flags, (uint16_t)(flags | VIRTQ_DESC_F_AVAIL), __ATOMIC_RELEASE);
}

static bool has_viol(const struct vu_backend *b, const char *id)
{
	for (unsigned i = 0; i < b->nviol; i++)
		if (!strcmp(b->viol[i].id, id))
			return true;
	return false;
}

UT_TEST(vu_session_moves_frames)
{
	struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	struct vu_mem_table t = one_region();
	int kick, call, kick1, call1;
	struct vu_vring_state st = { 1, 0 };
	struct vu_msg r;
	eventfd_t ev;
	uint8_t *frame = f->mem + 0x8000;

	handshake(f, true);
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 0);
	setup_ring(f, 0, 0x1000, &kick, &call);
	setup_ring(f, 1, 0x2000, &kick1, &call1);
	UT_ASSERT(f->b.vq[0].started && f->b.vq[1].started);
	UT_EQ(f->b.vq[1].layout, VIRTQ_LAYOUT_PACKED);

	/* one receive buffer, one frame to loop back (12-byte header first) */
	put_desc(f, 0x1000, 0, MEM_GPA + 0x9000, 2048, 0, VIRTQ_DESC_F_WRITE);
	memset(frame, 0, 12);
	memset(frame + 12, 0xee, 60);
	put_desc(f, 0x2000, 0, MEM_GPA + 0x8000, 72, 3, 0);
	UT_ASSERT(!eventfd_write(kick1, 1));
	vu_backend_run(&f->b, vu_now() + 0.3, false, NULL);
	UT_EQ(f->net.tx_frames, 1);
	UT_EQ(f->net.rx_frames, 1);
	UT_ASSERT(!eventfd_read(call1, &ev));
	UT_EQ(f->b.nviol, 0);
	UT_EQ(f->b.lay_checked[VIRTQ_LAYOUT_PACKED], 2);

	/* GET_VRING_BASE stops the ring and reports both positions */
	UT_EQ(xfer(f, VU_GET_VRING_BASE, 0, &st, sizeof(st), NULL, 0), 1);
	UT_ASSERT(reply(f, &r));
	UT_EQ(r.p.state.num, 0x80018001u);
	UT_ASSERT(!f->b.vq[1].started);
	close(kick);
	close(call);
	close(kick1);
	close(call1);
	fe_free(f);
}

UT_TEST(vu_malformed_headers_disconnect)
{
	static const struct { uint32_t req, flags, size; } cases[] = {
		{ VU_GET_FEATURES, 0, VU_MAX_PAYLOAD + 1 },   /* payload too big */
		{ 99, 0, 0 },                                  /* unknown request */
		{ VU_SET_FEATURES, 0, 4 },                     /* wrong size, no ack */
		{ VU_SET_VRING_NUM, 0, 12 },
		{ VU_SET_VRING_ADDR, 0, 8 },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1));
		struct vu_hdr h = { cases[i].req, VU_VERSION | cases[i].flags, cases[i].size };
		static uint8_t pad[VU_MAX_PAYLOAD + 8];

		UT_ASSERT(write(f->sock, &h, sizeof(h)) == sizeof(h));
		if (cases[i].size <= VU_MAX_PAYLOAD)
			UT_ASSERT(write(f->sock, pad, cases[i].size) == (ssize_t)cases[i].size);
		UT_EQ(vu_backend_serve_one(&f->b), -1);
		UT_ASSERT(dropped(f));
		fe_free(f);
	}
	{
		/* wrong version bits */
		struct fe *f = fe_new(0);
		struct vu_hdr h = { VU_GET_FEATURES, 2, 0 };

		UT_ASSERT(write(f->sock, &h, sizeof(h)) == sizeof(h));
		UT_EQ(vu_backend_serve_one(&f->b), -1);
		fe_free(f);
	}
	{
		/* a payload cut short by the peer closing */
		struct fe *f = fe_new(0);
		struct vu_hdr h = { VU_SET_FEATURES, VU_VERSION, 8 };

		UT_ASSERT(write(f->sock, &h, sizeof(h)) == sizeof(h));
		UT_ASSERT(write(f->sock, "abcd", 4) == 4);
		shutdown(f->sock, SHUT_WR);
		UT_EQ(vu_backend_serve_one(&f->b), -1);
		fe_free(f);
	}
	{
		/* more descriptors than a message may carry */
		struct fe *f = fe_new(0);
		int fds[VU_MAX_FDS + 1];
		union {
			char buf[CMSG_SPACE(sizeof(fds))];
			struct cmsghdr a;
		} ctl;
		struct vu_hdr h = { VU_SET_OWNER, VU_VERSION, 0 };
		struct iovec iov = { &h, sizeof(h) };
		struct msghdr mh = { 0 };
		struct cmsghdr *c;

		for (unsigned i = 0; i < VU_MAX_FDS + 1; i++)
			fds[i] = eventfd(0, EFD_CLOEXEC);
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(c), fds, sizeof(fds));
		UT_ASSERT(sendmsg(f->sock, &mh, 0) == sizeof(h));
		UT_EQ(vu_backend_serve_one(&f->b), -1);
		for (unsigned i = 0; i < VU_MAX_FDS + 1; i++)
			close(fds[i]);
		fe_free(f);
	}
}

UT_TEST(vu_malformed_requests_refused)
{
	struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	struct vu_mem_table t;
	struct vu_vring_state st;
	struct vu_vring_addr a = { 0 };
	uint64_t v;
	int efd = eventfd(0, EFD_CLOEXEC), pfd[2], fds2[2];

	UT_ASSERT(!pipe(pfd));
	handshake(f, true);
	/* features the device never offered (FEAT-DRV-006) */
	v = VIRTIO_BIT(45);
	UT_EQ(acked(f, VU_SET_FEATURES, &v, 8, NULL, 0), 1);
	UT_ASSERT(has_viol(&f->b, "FEAT-DRV-006"));
	/* memory tables */
	t = one_region();
	t.nregions = 9;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, 8, NULL, 0), 1);
	t = one_region();
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), NULL, 0), 1);        /* no fd */
	fds2[0] = fds2[1] = f->memfd;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), fds2, 2), 1);       /* two fds */
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(2), &f->memfd, 1), 1);  /* size/count */
	t.regions[0].size = 0;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 1);
	t = one_region();
	t.regions[0].gpa = UINT64_MAX - 100;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 1);  /* wraps */
	t = one_region();
	t.regions[0].mmap_offset = 4096;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 1);  /* past EOF */
	t = one_region();
	t.regions[0].size = MEM_SIZE * 4;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 1);
	t = one_region();
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &pfd[0], 1), 1);    /* a pipe */
	t.nregions = 2;
	t.regions[0].size = MEM_SIZE / 2;
	t.regions[1] = t.regions[0];
	t.regions[1].gpa += 4096;                                               /* overlap */
	t.regions[1].uaddr += MEM_SIZE;
	fds2[0] = fds2[1] = f->memfd;
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(2), fds2, 2), 1);
	UT_EQ(f->b.mem.n, 0u);
	/* rings */
	st.index = 200;
	st.num = 8;
	UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 1);
	st.index = 0;
	st.num = 0;
	UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 1);
	st.num = 40000;
	UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 1);
	a.index = 77;
	UT_EQ(acked(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0), 1);
	a.index = 0;
	a.flags = 0x10;
	UT_EQ(acked(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0), 1);
	v = 0 | VU_VRING_NOFD;
	UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, &efd, 1), 1);                  /* NOFD with fd */
	v = 0;
	UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, NULL, 0), 1);                  /* no fd */
	UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, &pfd[1], 1), 1);               /* not an eventfd */
	v = 33;
	UT_EQ(acked(f, VU_SET_VRING_CALL, &v, 8, &efd, 1), 1);                  /* no such ring */
	v = 0x10000;
	UT_EQ(acked(f, VU_SET_VRING_ERR, &v, 8, &efd, 1), 1);                   /* reserved bits */
	st.index = 0;
	st.num = 7;
	UT_EQ(acked(f, VU_SET_VRING_ENABLE, &st, sizeof(st), NULL, 0), 1);
	/* descriptors on a request that takes none */
	UT_EQ(acked(f, VU_SET_OWNER, NULL, 0, &efd, 1), 1);
	UT_ASSERT(!dropped(f));
	close(efd);
	close(pfd[0]);
	close(pfd[1]);
	fe_free(f);
}

UT_TEST(vu_ring_addresses_outside_memory)
{
	struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	struct vu_mem_table t = one_region();
	struct vu_vring_state st = { 0, RING_NUM };
	struct vu_vring_addr a = { 0 };
	int kick = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	uint64_t v = 0;

	handshake(f, true);
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 0);
	UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 0);
	a.desc_uaddr = MEM_UA + MEM_SIZE - 16;          /* runs past the region */
	a.avail_uaddr = MEM_UA;
	a.used_uaddr = 0x1000;                          /* not in the table */
	UT_EQ(acked(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0), 0);
	UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, &kick, 1), 0);
	UT_ASSERT(!f->b.vq[0].started);
	close(kick);
	fe_free(f);
}

UT_TEST(vu_hostile_ring_breaks_queue)
{
	static const struct { uint64_t gpa; uint32_t len; uint16_t id, flags; const char *id_expect; } cases[] = {
		{ 0x10, 64, 0, 0, "VQP-DRV-058" },                           /* outside memory */
		{ MEM_GPA + 0x8000, 0, 0, 0, "VQP-DRV-021" },                /* zero length */
		{ MEM_GPA + 0x8000, 64, 9, 0, "VQP-DRV-016" },               /* Buffer ID >= size */
		{ MEM_GPA + 0x8000, 64, 0, VIRTQ_DESC_F_INDIRECT, "VQP-DRV-026" }, /* no INDIRECT_DESC */
		{ MEM_GPA + MEM_SIZE - 8, 64, 0, 0, "VQP-DRV-058" },         /* straddles the end */
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
		struct vu_mem_table t = one_region();
		int kick, call, kick1, call1, err = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		uint64_t v = 1;
		eventfd_t ev;

		handshake(f, true);
		UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 0);
		setup_ring(f, 0, 0x1000, &kick, &call);
		setup_ring(f, 1, 0x2000, &kick1, &call1);
		UT_EQ(acked(f, VU_SET_VRING_ERR, &v, 8, &err, 1), 0);
		put_desc(f, 0x2000, 0, cases[i].gpa, cases[i].len, cases[i].id, cases[i].flags);
		UT_ASSERT(!eventfd_write(kick1, 1));
		vu_backend_run(&f->b, vu_now() + 0.2, false, NULL);
		UT_ASSERT_MSG(f->b.vq[1].broken, "case %u: queue not broken", i);
		UT_ASSERT_MSG(has_viol(&f->b, cases[i].id_expect), "case %u: %s not reported (%s)", i,
			      cases[i].id_expect, f->b.nviol ? f->b.viol[0].id : "none");
		UT_ASSERT(!eventfd_read(err, &ev));
		UT_EQ(f->net.tx_frames, 0);
		close(kick);
		close(call);
		close(kick1);
		close(call1);
		fe_free(f);
	}
}

UT_TEST(vu_random_messages_survive)
{
	uint64_t n = ut_scaled(3000);
	struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));

	for (uint64_t i = 0; i < n; i++) {
		struct vu_msg m;
		uint8_t *p = (uint8_t *)&m.p;
		uint64_t r = ut_rand();
		int efd = -1;

		if (dropped(f)) {
			fe_free(f);
			f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
		}
		memset(&m, 0, sizeof(m));
		m.hdr.request = (uint32_t)(r % 42);
		m.hdr.flags = VU_VERSION | ((r >> 8) & 1 ? VU_FLAG_NEED_REPLY : 0);
		m.hdr.size = (uint32_t)((r >> 16) % 3 ? (r >> 24) % 48 : (r >> 24) % VU_MAX_PAYLOAD);
		for (uint32_t k = 0; k < m.hdr.size; k++)
			p[k] = (uint8_t)(k % 5 ? ut_rand() : (r >> 40) % 4);
		if ((r >> 12) % 4 == 0) {
			efd = (r >> 14) & 1 ? eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK) : dup(f->memfd);
			m.fds[0] = efd;
			m.nfds = 1;
		}
		UT_ASSERT(!vu_msg_send(f->sock, &m));
		if (efd >= 0)
			close(efd);
		vu_backend_serve_one(&f->b);
		/* drain replies so the socket never fills */
		for (;;) {
			struct pollfd pfd = { .fd = f->sock, .events = POLLIN };
			char buf[512];

			if (poll(&pfd, 1, 0) != 1 || read(f->sock, buf, sizeof(buf)) <= 0)
				break;
		}
	}
	fe_free(f);
}

UT_TEST(vu_blk_config_and_requests)
{
	struct fe *f = fe_new_blk(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED));
	struct vu_mem_table t = one_region();
	struct vu_config c;
	struct vu_msg r;
	uint64_t pf = 0, cap;
	int kick, call;
	uint8_t *req = f->mem + 0x8000, *data = f->mem + 0x9000, *st = f->mem + 0xa000;
	eventfd_t ev;

	handshake(f, true);
	/* GET_CONFIG only once CONFIG is negotiated */
	memset(&c, 0, sizeof(c));
	c.size = 8;
	UT_EQ(acked(f, VU_GET_CONFIG, &c, 12 + 8, NULL, 0), 1);
	pf = get_u64(f, VU_GET_PROTOCOL_FEATURES);
	UT_ASSERT(pf & VIRTIO_BIT(VU_PF_CONFIG));
	pf = VIRTIO_BIT(VU_PF_REPLY_ACK) | VIRTIO_BIT(VU_PF_CONFIG);
	UT_EQ(xfer(f, VU_SET_PROTOCOL_FEATURES, 0, &pf, 8, NULL, 0), 1);
	UT_EQ(xfer(f, VU_GET_CONFIG, 0, &c, 12 + 8, NULL, 0), 1);
	UT_ASSERT(reply(f, &r));
	UT_EQ(r.hdr.size, 20);
	memcpy(&cap, r.p.config.region, 8);
	UT_EQ(cap, (1u << 20) / 512);
	c.size = 300;                                           /* larger than the region */
	UT_EQ(acked(f, VU_GET_CONFIG, &c, 12 + 8, NULL, 0), 1);
	c.size = 8;
	c.offset = 4000;                                        /* outside the space */
	UT_EQ(acked(f, VU_GET_CONFIG, &c, 12 + 8, NULL, 0), 1);
	UT_EQ(acked(f, VU_GET_CONFIG, &c, 12 + 4, NULL, 0), 1);  /* size mismatch */

	/* one read of sector 3, then a request without a status byte */
	UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 0);
	setup_ring(f, 0, 0x1000, &kick, &call);
	memset(req, 0, 16);                                     /* type IN, sector 3 */
	req[8] = 3;
	{
		struct virtq_packed_desc *d = (void *)(f->mem + 0x1000);

		d[1].addr = MEM_GPA + 0x9000;
		d[1].len = 512;
		d[1].flags = VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_AVAIL;
		d[2].addr = MEM_GPA + 0xa000;
		d[2].len = 1;
		d[2].id = 0;
		d[2].flags = VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_AVAIL;
		put_desc(f, 0x1000, 0, MEM_GPA + 0x8000, 16, 0, VIRTQ_DESC_F_NEXT);
	}
	*st = 0xff;
	UT_ASSERT(!eventfd_write(kick, 1));
	vu_backend_run(&f->b, vu_now() + 0.2, false, NULL);
	UT_EQ(f->blk.reads, 1);
	UT_EQ(*st, 0);
	for (unsigned i = 0; i < 512; i++)
		UT_ASSERT_MSG(data[i] == vu_blk_pattern(3 * 512 + i), "byte %u", i);
	UT_ASSERT(!eventfd_read(call, &ev));
	put_desc(f, 0x1000, 3, MEM_GPA + 0x8000, 16, 1, 0);     /* header only */
	UT_ASSERT(!eventfd_write(kick, 1));
	vu_backend_run(&f->b, vu_now() + 0.2, false, NULL);
	UT_EQ(f->blk.malformed, 1);
	UT_EQ(f->b.nviol, 0);
	close(kick);
	close(call);
	fe_free(f);
}

/* Random descriptors on a running packed or split ring: the device either
 * takes them or breaks the queue, and nothing outside the memory table is
 * touched (ASan/UBSan builds watch). */
UT_TEST(vu_random_rings_survive)
{
	uint64_t n = ut_scaled(60);

	for (uint64_t it = 0; it < n; it++) {
		bool pk = it & 1;
		struct fe *f = fe_new(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
				      (pk ? VIRTIO_BIT(VIRTIO_F_RING_PACKED) : 0));
		struct vu_mem_table t = one_region();
		int kick, call, kick1, call1;
		uint8_t *ring = f->mem + 0x2000;

		handshake(f, pk);
		UT_EQ(acked(f, VU_SET_MEM_TABLE, &t, table_size(1), &f->memfd, 1), 0);
		setup_ring(f, 0, 0x1000, &kick, &call);
		if (!pk) {
			/* split rings: base 0 and the split layout at 0x2000 */
			struct vu_vring_state st = { 1, RING_NUM };
			struct vu_vring_addr a = { 0 };
			uint64_t v = 1;

			UT_EQ(acked(f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0), 0);
			a.index = 1;
			a.desc_uaddr = MEM_UA + 0x2000;
			a.avail_uaddr = MEM_UA + 0x2000 + 16 * RING_NUM;
			a.used_uaddr = MEM_UA + 0x2400;
			UT_EQ(acked(f, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0), 0);
			kick1 = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			call1 = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			UT_EQ(acked(f, VU_SET_VRING_CALL, &v, 8, &call1, 1), 0);
			UT_EQ(acked(f, VU_SET_VRING_KICK, &v, 8, &kick1, 1), 0);
			st.num = 1;
			UT_EQ(acked(f, VU_SET_VRING_ENABLE, &st, sizeof(st), NULL, 0), 0);
		} else {
			setup_ring(f, 1, 0x2000, &kick1, &call1);
		}
		UT_ASSERT(f->b.vq[1].started);
		/* random descriptor table, mostly inside memory */
		for (unsigned i = 0; i < RING_NUM; i++) {
			uint64_t r = ut_rand();
			uint64_t addr = (r & 3) ? MEM_GPA + (ut_rand() % MEM_SIZE) : ut_rand();
			uint32_t len = (uint32_t)(ut_rand() % ((r >> 2) & 1 ? 64 : 70000));
			uint16_t fl = (uint16_t)ut_rand();

			/* packed: addr, len, id, flags; split: addr, len, flags, next */
			uint16_t other = (uint16_t)(ut_rand() % (pk ? 3 * RING_NUM : RING_NUM + 2));

			memcpy(ring + 16 * i, &addr, 8);
			memcpy(ring + 16 * i + 8, &len, 4);
			memcpy(ring + 16 * i + (pk ? 12 : 14), &other, 2);
			memcpy(ring + 16 * i + (pk ? 14 : 12), &fl, 2);
		}
		if (!pk) {
			uint16_t *avail = (uint16_t *)(ring + 16 * RING_NUM);

			for (unsigned i = 0; i < RING_NUM; i++)
				avail[2 + i] = (uint16_t)(ut_rand() % (RING_NUM + 1));
			__atomic_store_n(&avail[1], (uint16_t)(ut_rand() % 12), __ATOMIC_RELEASE);
		}
		UT_ASSERT(!eventfd_write(kick1, 1));
		vu_backend_run(&f->b, vu_now() + 0.03, false, NULL);
		/* whatever happened, the guard pages around the memory are intact
		 * (ASan) and the queue is either working or broken with a reason */
		UT_ASSERT(!f->b.vq[1].broken || f->b.nviol > 0);
		close(kick);
		close(call);
		close(kick1);
		close(call1);
		fe_free(f);
	}
}
