// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - the test guest after boot.S: console, timer, heap, the run
 * configuration from the multiboot command line, device discovery, the
 * tests, and the exit status through isa-debug-exit:
 *   0 -> QEMU exits 1: every test ran, none failed or errored
 *   1 -> QEMU exits 3: every test ran, some failed or errored
 * (an exception exits with 0x7f -> 255; a hang is the runner's timeout).
 */
#include "genv.h"
#include "lib/libc.h"
#include "guest_refsrc.h"
#include "plat.h"

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;     /* KiB, valid with flags bit 0 */
	uint32_t boot_device;
	uint32_t cmdline;                  /* physical address, valid with flags bit 2 */
};

#define MB_INFO_MEM     (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)

extern char __guest_end[];
void guest_main(uint32_t mbi_addr);

static char target[64] = "unnamed", peer[64] = "unknown", filter[64], only[64];

/* value of "key=" in the space-separated command line, copied to out */
static bool arg(const char *cmd, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);

	for (const char *p = cmd; *p; ) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t i = 0;

			p += kl + 1;
			while (*p && *p != ' ' && i + 1 < n)
				out[i++] = *p++;
			out[i] = '\0';
			return true;
		}
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

static uint64_t num_arg(const char *cmd, const char *key, uint64_t def)
{
	char v[24];
	uint64_t x = 0;

	if (!arg(cmd, key, v, sizeof(v)) || !v[0])
		return def;
	for (const char *p = v; *p >= '0' && *p <= '9'; p++)
		x = x * 10 + (uint64_t)(*p - '0');
	return x;
}

void guest_pvref_log(int level, const char *msg, uint64_t a, uint64_t b)
{
	printf("# reference driver %s: %s (%llu, %llu)\n",
	       level == 0 ? "error" : level == 1 ? "warning" : "debug", msg,
	       (unsigned long long)a, (unsigned long long)b);
}

void guest_main(uint32_t mbi_addr)
{
	const struct multiboot_info *mbi = (const struct multiboot_info *)(uintptr_t)mbi_addr;
	const char *cmd = "";
	uintptr_t ram_end = 64u << 20;
	char layout[16] = "split";
	struct pvc_run_opts opts;
	unsigned bad;

	serial_init();
	timer_init();
	if (mbi->flags & MB_INFO_MEM)
		ram_end = (uintptr_t)(1024u + mbi->mem_upper) * 1024u;
	if (mbi->flags & MB_INFO_CMDLINE)
		cmd = (const char *)(uintptr_t)mbi->cmdline;
	alloc_init((uintptr_t)__guest_end, ram_end);

	arg(cmd, "target", target, sizeof(target));
	arg(cmd, "filter", filter, sizeof(filter));
	arg(cmd, "only", only, sizeof(only));
	if (arg(cmd, "peer", peer, sizeof(peer)))
		for (char *p = peer; *p; p++)
			if (*p == '_')
				*p = ' ';       /* the runner writes spaces as '_' */
	arg(cmd, "layout", layout, sizeof(layout));
	genv.packed = !strcmp(layout, "packed");
	genv.indirect = num_arg(cmd, "indirect", 0) != 0;
	genv.event_idx = num_arg(cmd, "event_idx", 0) != 0;
	genv.qsize = (uint32_t)num_arg(cmd, "qsize", 32);
	genv.disk_sectors = num_arg(cmd, "sectors", 0);
	genv.have_blk = vpci_find(VIRTIO_ID_BLOCK, 0, &genv.blk);
	genv.have_net = vpci_find(VIRTIO_ID_NET, 0, &genv.net);
	genv.have_rng = vpci_find(VIRTIO_ID_RNG, 0, &genv.rng);

	opts.target = target;
	opts.peer = peer;
	opts.filter = filter;
	opts.only = only;
	opts.own_boot = num_arg(cmd, "own_boot", 0) != 0;
	opts.list = num_arg(cmd, "list", 0) != 0;
	bad = pvc_run_all(&opts);
	printf("# ring layout=%s indirect=%d event_idx=%d qsize=%u\n", layout,
	       genv.indirect, genv.event_idx, genv.qsize);
	printf("# devices: blk=%d net=%d rng=%d; heap left %llu KiB\n", genv.have_blk,
	       genv.have_net, genv.have_rng, (unsigned long long)(alloc_remaining() >> 10));
	for (unsigned i = 0; guest_refsrc[i].path; i++)
		printf("# reference-source %s sha256=%s\n", guest_refsrc[i].path,
		       guest_refsrc[i].sha256);
	printf("# guest: done, %u failed or errored\n", bad);
	guest_exit(bad ? 1 : 0);
}
