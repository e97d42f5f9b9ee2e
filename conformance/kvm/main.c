// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - pvc-kvm: the KVM x86 PV conformance tier against the running
 * kernel's KVM.  Prints KTAP (docs/conventions.md §3) on stdout.
 *
 *   pvc-kvm [--target NAME] [--filter TEXT] [--no-bench]   run the tier
 *   pvc-kvm ... --from K   run from the K-th test on, numbering kept and no
 *                          KTAP header (a runner resuming after a hang)
 *   pvc-kvm --probe      exit 0 if /dev/kvm runs an ordinary guest
 *   pvc-kvm --list       list the tests in run order: name TAB IDs TAB tags
 *   pvc-kvm --bench      only the multicast-IPI exit-count benchmark
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcount.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "kvm_vm.h"
#include "pvc_kvm.h"

unsigned pvc_kvm_count(const char *filter);
void pvc_kvm_list(const char *filter);
void pvc_kvm_run_all(const char *filter, unsigned from);

/* An ordinary guest: port I/O, then a hypercall that must return 0. */
KVM_GUEST_CODE static void guest_probe(uint64_t arg)
{
	GUEST_SYNC(arg, 0, 0);
	GUEST_SYNC(arg + 1, (uint64_t)guest_hypercall(KVMPV_HC_VAPIC_POLL_IRQ, 0, 0, 0, 0), 0);
}

/*
 * 0 if a tiny long-mode guest reaches its first OUT and gets an answer to
 * a hypercall within `secs` (a PVM-backed /dev/kvm does the first only).
 */
static int probe(unsigned secs, char *why, size_t len)
{
	int pfd[2], st;
	pid_t pid;
	char msg[200] = "";
	ssize_t n;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct kvm_vm *vm;
		struct kvm_vcpu *v;
		struct kvm_ucall uc;

		close(pfd[0]);
		alarm(secs);
		vm = kvm_vm_create();
		v = vm ? kvm_vcpu_add(vm, 0, guest_probe, 42) : NULL;
		if (v)
			KVM_GUEST_SET(vm, kvm_guest_use_vmmcall, vm->amd);
		if (!v || kvm_vcpu_run(v, &uc)) {
			snprintf(msg, sizeof(msg), "%s", kvm_vm_error());
		} else if (uc.cmd != KVM_UCALL_SYNC || uc.args[0] != 42) {
			char d[160];

			snprintf(msg, sizeof(msg), "first guest did not report: %s",
				 kvm_ucall_describe(&uc, d, sizeof(d)));
		} else if (kvm_vcpu_run(v, &uc) || uc.cmd != KVM_UCALL_SYNC || uc.args[0] != 43 ||
			   uc.args[1] != 0) {
			snprintf(msg, sizeof(msg), "hypercall VAPIC_POLL_IRQ did not return 0");
		}
		if (write(pfd[1], msg, strlen(msg)) < 0)
			_exit(2);
		_exit(msg[0] ? 1 : 0);
	}
	close(pfd[1]);
	n = pid > 0 ? read(pfd[0], msg, sizeof(msg) - 1) : -1;
	close(pfd[0]);
	msg[n > 0 ? n : 0] = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(why, len, "/dev/kvm: no guest ran within %u s", secs);
	else
		snprintf(why, len, "/dev/kvm: %s", msg[0] ? msg : "probe failed");
	return -1;
}

int main(int argc, char **argv)
{
	const char *target = "linux", *filter = NULL;
	bool bench = true, bench_only = false, list = false;
	unsigned from = 1;
	struct utsname u;
	char why[256];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--probe")) {
			if (probe(1, why, sizeof(why))) {
				fprintf(stderr, "%s\n", why);
				return 1;
			}
			return 0;
		} else if (!strcmp(argv[i], "--list")) {
			list = true;
		} else if (!strcmp(argv[i], "--bench")) {
			bench_only = true;
		} else if (!strcmp(argv[i], "--no-bench")) {
			bench = false;
		} else if (!strcmp(argv[i], "--target") && i + 1 < argc) {
			target = argv[++i];
		} else if (!strcmp(argv[i], "--filter") && i + 1 < argc) {
			filter = argv[++i];
		} else if (!strcmp(argv[i], "--from") && i + 1 < argc) {
			from = (unsigned)strtoul(argv[++i], NULL, 10);
			if (from == 0)
				from = 1;
		} else {
			fprintf(stderr, "usage: %s [--probe|--list|--bench] [--target NAME] "
				"[--filter TEXT] [--from K] [--no-bench]\n", argv[0]);
			return 2;
		}
	}
	if (list) {
		pvc_kvm_list(filter);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	snprintf(kt_peer, sizeof(kt_peer), "Linux %s KVM", u.release);
	if (bench_only)
		return kvm_exitcount_run(stdout, "") ? 1 : 0;

	if (from == 1) {
		printf("KTAP version 1\n");
		printf("# pvspec tier=kvm target=%s peer=\"%s\"\n", target, kt_peer);
	}
	if (probe(5, why, sizeof(why))) {
		if (from == 1)
			printf("1..1\nnot ok 1 kvm_guest_runs # ERROR %s\n", why);
		else
			printf("# probe failed on resuming at test %u: %s\n", from, why);
		return 0;
	}
	if (from == 1)
		printf("1..%u\n", pvc_kvm_count(filter));
	pvc_kvm_run_all(filter, from);
	if (bench && (!filter || !*filter))
		kvm_exitcount_run(stdout, "# ");
	return 0;
}
