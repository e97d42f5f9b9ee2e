// SPDX-License-Identifier: GPL-2.0-only
/*
 * timer.c - deadlines on the TSC.  The TSC rate is measured once against
 * PIT channel 2 (1.193182 MHz) over 10 ms.  Only used for timeouts: no test
 * result depends on a time.
 */
#include "libc.h"
#include "io.h"

#define PIT_HZ        1193182u
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PORT_B        0x61     /* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 output */
#define CAL_MS        10u

static uint64_t tsc_per_ms = 1000000;   /* fallback: 1 GHz */

void timer_init(void)
{
	uint16_t count = (uint16_t)(PIT_HZ * CAL_MS / 1000u);
	uint8_t b = inb(PORT_B);
	uint64_t t0, t1;
	uint32_t spins = 0;

	outb(PORT_B, (uint8_t)((b & ~0x02u) | 0x01u));   /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);                              /* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, (uint8_t)count);
	outb(PIT_CH2, (uint8_t)(count >> 8));
	t0 = rdtsc();
	while (!(inb(PORT_B) & 0x20) && ++spins < 100000000u)
		;
	t1 = rdtsc();
	outb(PORT_B, b);
	if (t1 > t0 && !(spins >= 100000000u))
		tsc_per_ms = (t1 - t0) / CAL_MS;
	if (tsc_per_ms == 0)
		tsc_per_ms = 1;
}

uint64_t timer_deadline_ms(uint32_t ms)
{
	return rdtsc() + tsc_per_ms * ms;
}

bool timer_expired(uint64_t deadline)
{
	return (int64_t)(rdtsc() - deadline) >= 0;
}
