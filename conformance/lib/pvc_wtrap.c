// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvc_wtrap.c - store-by-store observation of shared memory (pvc_wtrap.h).
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "pvc_wtrap.h"

#if defined(__x86_64__) && defined(__linux__)
#define PVC_WTRAP_OK 1
#define PVC_EFLAGS_TF 0x100
#else
#define PVC_WTRAP_OK 0
#endif

static struct {
	uint8_t *addr;
	size_t len;
	size_t fault_off;
	bool fault_write;
	int prot;                 /* protection while watching */
	void (*on_access)(void *, size_t, bool);
	void *arg;
	struct sigaction old_segv, old_trap;
	volatile sig_atomic_t active;
} wt;

bool pvc_wtrap_supported(void)
{
	return PVC_WTRAP_OK;
}

#if PVC_WTRAP_OK
static void pvc_wtrap_segv(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	uint8_t *a = si->si_addr;

	if (!wt.active || a < wt.addr || a >= wt.addr + wt.len) {
		/* not ours: let the previous handler (or the default) act */
		sigaction(sig, &wt.old_segv, NULL);
		return;
	}
	wt.fault_off = (size_t)(a - wt.addr);
	/* x86 page-fault error code: bit 1 set for a write access */
	wt.fault_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
	mprotect(wt.addr, wt.len, PROT_READ | PROT_WRITE);
	uc->uc_mcontext.gregs[REG_EFL] |= PVC_EFLAGS_TF;
}

static void pvc_wtrap_step(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)PVC_EFLAGS_TF;
	if (!wt.active)
		return;
	wt.on_access(wt.arg, wt.fault_off, wt.fault_write);
	mprotect(wt.addr, wt.len, wt.prot);
}
#endif

int pvc_wtrap_start(void *addr, size_t len, bool reads,
		    void (*on_access)(void *arg, size_t off, bool write), void *arg)
{
#if PVC_WTRAP_OK
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	wt.addr = addr;
	wt.len = len;
	wt.prot = reads ? PROT_NONE : PROT_READ;
	wt.on_access = on_access;
	wt.arg = arg;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = pvc_wtrap_segv;
	if (sigaction(SIGSEGV, &sa, &wt.old_segv))
		return -1;
	sa.sa_sigaction = pvc_wtrap_step;
	if (sigaction(SIGTRAP, &sa, &wt.old_trap))
		return -1;
	wt.active = 1;
	if (mprotect(addr, len, wt.prot)) {
		pvc_wtrap_stop();
		return -1;
	}
	return 0;
#else
	(void)addr; (void)len; (void)reads; (void)on_access; (void)arg;
	return -1;
#endif
}

void pvc_wtrap_stop(void)
{
#if PVC_WTRAP_OK
	if (!wt.addr)
		return;
	wt.active = 0;
	mprotect(wt.addr, wt.len, PROT_READ | PROT_WRITE);
	sigaction(SIGSEGV, &wt.old_segv, NULL);
	sigaction(SIGTRAP, &wt.old_trap, NULL);
	wt.addr = NULL;
#endif
}
