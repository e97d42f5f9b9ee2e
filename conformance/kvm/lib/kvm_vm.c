// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm_vm.c - VM and vCPU life cycle, guest memory, the run loop.
 * Long-mode state (page tables, GDT, IDT, TSS, registers) is in kvm_x86.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_vm.h"
#include "kvm_x86.h"

static char kvm_err[256];

const char *kvm_vm_error(void)
{
	return kvm_err;
}

__attribute__((format(printf, 1, 2)))
static int fail(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kvm_err, sizeof(kvm_err), fmt, ap);
	va_end(ap);
	if (saved) {
		size_t n = strlen(kvm_err);
		snprintf(kvm_err + n, sizeof(kvm_err) - n, ": %s", strerror(saved));
	}
	errno = saved;
	return -1;
}

int kvm_open_dev(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fail("open /dev/kvm");
	if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		close(fd);
		errno = 0;
		return fail("/dev/kvm: unexpected KVM_GET_API_VERSION");
	}
	return fd;
}

int kvm_check_cap(struct kvm_vm *vm, long cap)
{
	int r;

	if (vm)
		return ioctl(vm->fd, KVM_CHECK_EXTENSION, cap);
	r = kvm_open_dev();
	if (r < 0)
		return -1;
	cap = ioctl(r, KVM_CHECK_EXTENSION, cap);
	close(r);
	return (int)cap;
}

struct kvm_cpuid2 *kvm_get_supported_cpuid(int kvm_fd)
{
	for (unsigned n = 64; n <= 4096; n *= 2) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

		if (!c)
			return NULL;
		c->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
			return c;
		free(c);
		if (errno != E2BIG) {
			fail("KVM_GET_SUPPORTED_CPUID");
			return NULL;
		}
	}
	errno = E2BIG;
	fail("KVM_GET_SUPPORTED_CPUID");
	return NULL;
}

struct kvm_cpuid_entry2 *kvm_cpuid_find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	for (uint32_t i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != fn)
			continue;
		if ((e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) && e->index != idx)
			continue;
		return e;
	}
	return NULL;
}

static int set_slot(struct kvm_vm *vm, uint32_t slot, uint64_t gpa, uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot, .guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)hva,
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r))
		return fail("KVM_SET_USER_MEMORY_REGION slot %u", slot);
	return 0;
}

struct img_range {
	uint64_t lo, hi;
};

static int img_range_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct img_range *r = arg;

	(void)size;
	if (info->dlpi_addr != 0 && r->hi != 0)
		return 0;   /* only the main program (first object) */
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uint64_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD)
			continue;
		if (!r->hi || lo < r->lo)
			r->lo = lo;
		if (hi > r->hi)
			r->hi = hi;
	}
	return 1;   /* stop after the main program */
}

/*
 * Copy a whole loaded segment byte by byte: it spans many objects (and,
 * under AddressSanitizer, the redzones between them), which memcpy's
 * checks would reject.
 */
__attribute__((no_sanitize("address")))
static void copy_raw(uint8_t *dst, const uint8_t *src, size_t n)
{
	const volatile uint8_t *s = src;

	for (size_t i = 0; i < n; i++)
		dst[i] = s[i];
}

static int copy_seg_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct kvm_vm *vm = arg;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uint64_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD)
			continue;
		copy_raw(vm->img + (lo - vm->img_gpa), (const uint8_t *)(uintptr_t)lo, ph->p_memsz);
	}
	return 1;
}

/* Map a copy of this program's loaded segments at their own addresses. */
static int map_image(struct kvm_vm *vm)
{
	struct img_range r = { 0, 0 };

	dl_iterate_phdr(img_range_cb, &r);
	vm->img_gpa = r.lo & ~0xfffull;
	vm->img_size = ((r.hi + 0x1fffffull) & ~0x1fffffull) - vm->img_gpa;
	if (!r.hi || vm->img_gpa < KVM_LOW_SIZE || vm->img_gpa + vm->img_size > KVM_MAP_SIZE) {
		errno = 0;
		return fail("program image [%#llx, %#llx) not inside [4 MiB, 1 GiB): build with -no-pie",
			    (unsigned long long)r.lo, (unsigned long long)r.hi);
	}
	vm->img = mmap(NULL, vm->img_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->img == MAP_FAILED) {
		vm->img = NULL;
		return fail("mmap image");
	}
	dl_iterate_phdr(copy_seg_cb, vm);
	return set_slot(vm, 1, vm->img_gpa, vm->img_size, vm->img);
}

struct kvm_vm *kvm_vm_create(void)
{
	struct kvm_vm *vm = calloc(1, sizeof(*vm));

	if (!vm) {
		fail("calloc");
		return NULL;
	}
	vm->fd = -1;
	vm->kvm_fd = kvm_open_dev();
	if (vm->kvm_fd < 0)
		goto err;
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size <= 0) {
		fail("KVM_GET_VCPU_MMAP_SIZE");
		goto err;
	}
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		fail("KVM_CREATE_VM");
		goto err;
	}
	vm->low = mmap(NULL, KVM_LOW_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->low == MAP_FAILED) {
		vm->low = NULL;
		fail("mmap low memory");
		goto err;
	}
	if (set_slot(vm, 0, 0, KVM_LOW_SIZE, vm->low) || map_image(vm))
		goto err;
	vm->cpuid = kvm_get_supported_cpuid(vm->kvm_fd);
	if (!vm->cpuid)
		goto err;
	vm->amd = kvm_x86_host_is_amd();
	vm->heap_next = KVM_GPA_HEAP;
	kvm_x86_setup_tables(vm);
	return vm;
err:
	kvm_vm_free(vm);
	return NULL;
}

void kvm_vm_free(struct kvm_vm *vm)
{
	if (!vm)
		return;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct kvm_vcpu *v = vm->vcpus[i];

		if (v->stats_fd >= 0)
			close(v->stats_fd);
		free(v->stats_desc);
		munmap(v->run, (size_t)vm->run_size);
		close(v->fd);
		free(v);
	}
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	if (vm->low)
		munmap(vm->low, KVM_LOW_SIZE);
	if (vm->img)
		munmap(vm->img, vm->img_size);
	free(vm->cpuid);
	free(vm);
}

int kvm_vm_enable_cap(struct kvm_vm *vm, uint32_t cap, uint64_t arg0)
{
	struct kvm_enable_cap c = { .cap = cap, .args = { arg0 } };

	if (ioctl(vm->fd, KVM_ENABLE_CAP, &c))
		return fail("KVM_ENABLE_CAP(%u) on the VM", cap);
	return 0;
}

int kvm_vm_create_irqchip(struct kvm_vm *vm)
{
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0))
		return fail("KVM_CREATE_IRQCHIP");
	return 0;
}

void *kvm_vm_hva(struct kvm_vm *vm, uint64_t gpa, size_t len)
{
	if (gpa + len <= KVM_LOW_SIZE && gpa + len >= gpa)
		return vm->low + gpa;
	if (gpa >= vm->img_gpa && gpa + len <= vm->img_gpa + vm->img_size && gpa + len >= gpa)
		return vm->img + (gpa - vm->img_gpa);
	return NULL;
}

uint64_t kvm_vm_alloc(struct kvm_vm *vm, size_t size, size_t align)
{
	uint64_t gpa = (vm->heap_next + align - 1) & ~(uint64_t)(align - 1);

	if (gpa + size > KVM_LOW_SIZE) {
		errno = 0;
		fail("guest heap exhausted");
		return 0;
	}
	vm->heap_next = gpa + size;
	memset(vm->low + gpa, 0, size);
	return gpa;
}

int kvm_vm_guest_write(struct kvm_vm *vm, const void *host_addr, const void *val, size_t len)
{
	void *p = kvm_vm_hva(vm, (uint64_t)(uintptr_t)host_addr, len);

	if (!p) {
		errno = 0;
		return fail("%p is not in guest memory", host_addr);
	}
	memcpy(p, val, len);
	return 0;
}

int kvm_vm_guest_read(struct kvm_vm *vm, const void *host_addr, void *val, size_t len)
{
	void *p = kvm_vm_hva(vm, (uint64_t)(uintptr_t)host_addr, len);

	if (!p) {
		errno = 0;
		return fail("%p is not in guest memory", host_addr);
	}
	memcpy(val, p, len);
	return 0;
}

struct kvm_vcpu *kvm_vcpu_add(struct kvm_vm *vm, uint32_t id, void (*fn)(uint64_t), uint64_t arg)
{
	struct kvm_vcpu *v;

	if (vm->nr_vcpus >= KVM_VM_MAX_VCPUS) {
		errno = 0;
		fail("too many vCPUs");
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v) {
		fail("calloc");
		return NULL;
	}
	v->vm = vm;
	v->id = id;
	v->slot = vm->nr_vcpus;
	v->stats_fd = -1;
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (v->fd < 0) {
		fail("KVM_CREATE_VCPU %u", id);
		free(v);
		return NULL;
	}
	v->run = mmap(NULL, (size_t)vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		fail("mmap kvm_run");
		close(v->fd);
		free(v);
		return NULL;
	}
	vm->vcpus[vm->nr_vcpus++] = v;
	if (kvm_vcpu_set_cpuid(v, vm->cpuid) || kvm_x86_vcpu_setup(v, fn, arg))
		return NULL;   /* freed with the VM */
	return v;
}

int kvm_vcpu_run(struct kvm_vcpu *vcpu, struct kvm_ucall *uc)
{
	struct kvm_regs regs;
	int r;

	memset(uc, 0, sizeof(*uc));
	do
		r = ioctl(vcpu->fd, KVM_RUN, 0);
	while (r && errno == EINTR);
	if (r)
		return fail("KVM_RUN vCPU %u", vcpu->id);
	uc->exit_reason = vcpu->run->exit_reason;
	if (vcpu->run->exit_reason != KVM_EXIT_IO || vcpu->run->io.port != KVM_UCALL_PORT) {
		uc->cmd = KVM_UCALL_EXIT;
		return 0;
	}
	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs))
		return fail("KVM_GET_REGS");
	uc->cmd = regs.rax & 0xff;
	uc->args[0] = regs.rdi;
	uc->args[1] = regs.rsi;
	uc->args[2] = regs.rcx;
	return 0;
}

const char *kvm_ucall_describe(const struct kvm_ucall *uc, char *buf, size_t len)
{
	switch (uc->cmd) {
	case KVM_UCALL_SYNC:
		snprintf(buf, len, "guest SYNC stage %llu (%#llx, %#llx)",
			 (unsigned long long)uc->args[0], (unsigned long long)uc->args[1],
			 (unsigned long long)uc->args[2]);
		break;
	case KVM_UCALL_ASSERT:
		snprintf(buf, len, "guest assertion at line %llu (values %#llx, %#llx)",
			 (unsigned long long)uc->args[0], (unsigned long long)uc->args[1],
			 (unsigned long long)uc->args[2]);
		break;
	case KVM_UCALL_DONE:
		snprintf(buf, len, "guest finished");
		break;
	case KVM_UCALL_UNHANDLED:
		snprintf(buf, len, "unexpected guest exception vector %llu at rip %#llx (error code %#llx)",
			 (unsigned long long)uc->args[0], (unsigned long long)uc->args[1],
			 (unsigned long long)uc->args[2]);
		break;
	default:
		snprintf(buf, len, "unexpected exit reason %u", uc->exit_reason);
		break;
	}
	return buf;
}

int kvm_vcpu_enable_cap(struct kvm_vcpu *vcpu, uint32_t cap, uint64_t arg0)
{
	struct kvm_enable_cap c = { .cap = cap, .args = { arg0 } };

	if (ioctl(vcpu->fd, KVM_ENABLE_CAP, &c))
		return fail("KVM_ENABLE_CAP(%u) on vCPU %u", cap, vcpu->id);
	return 0;
}

int kvm_vcpu_set_cpuid(struct kvm_vcpu *vcpu, const struct kvm_cpuid2 *cpuid)
{
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, cpuid))
		return fail("KVM_SET_CPUID2 vCPU %u", vcpu->id);
	return 0;
}

int kvm_vcpu_get_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 **out)
{
	unsigned n = vcpu->vm->cpuid->nent + 16;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

	if (!c)
		return fail("calloc");
	c->nent = n;
	if (ioctl(vcpu->fd, KVM_GET_CPUID2, c)) {
		free(c);
		return fail("KVM_GET_CPUID2");
	}
	*out = c;
	return 0;
}

/* A kvm_msrs with one entry, in aligned storage. */
#define MSRS_ONE_WORDS ((sizeof(struct kvm_msrs) + sizeof(struct kvm_msr_entry) + 7) / 8)

int kvm_vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t *val)
{
	uint64_t buf[MSRS_ONE_WORDS] = { 0 };
	struct kvm_msrs *m = (struct kvm_msrs *)buf;

	m->nmsrs = 1;
	m->entries[0].index = index;
	if (ioctl(vcpu->fd, KVM_GET_MSRS, m) != 1)
		return fail("KVM_GET_MSRS %#x", index);
	*val = m->entries[0].data;
	return 0;
}

int kvm_vcpu_set_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t val)
{
	uint64_t buf[MSRS_ONE_WORDS] = { 0 };
	struct kvm_msrs *m = (struct kvm_msrs *)buf;

	m->nmsrs = 1;
	m->entries[0].index = index;
	m->entries[0].data = val;
	if (ioctl(vcpu->fd, KVM_SET_MSRS, m) != 1)
		return fail("KVM_SET_MSRS %#x", index);
	return 0;
}

int kvm_vcpu_get_lapic(struct kvm_vcpu *vcpu, struct kvm_lapic_state *st)
{
	if (ioctl(vcpu->fd, KVM_GET_LAPIC, st))
		return fail("KVM_GET_LAPIC vCPU %u", vcpu->id);
	return 0;
}

int kvm_vcpu_irr_pending(struct kvm_vcpu *vcpu, unsigned vector)
{
	struct kvm_lapic_state st;
	uint32_t w;

	if (kvm_vcpu_get_lapic(vcpu, &st))
		return -1;
	/* IRR: eight 32-bit registers at 0x200, 0x210, ..., 0x270 */
	memcpy(&w, &st.regs[0x200 + (vector / 32) * 0x10], sizeof(w));
	return (w >> (vector % 32)) & 1;
}
