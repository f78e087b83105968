/* A process with a known layout, for the live tests of `procs` and `maps`.
 *
 *   maphelper [--exit] [SIZE_MIB [TOUCH_MIB]]      (default 16 and 4)
 *
 * Maps SIZE MiB of private anonymous memory, writes the first TOUCH MiB,
 * prints "PID START END" (addresses in hex) and waits for a signal (at most
 * ten minutes, so that a crashed test leaves nothing behind).  --exit
 * prints the line and exits at once.
 *
 * The mapping is named "[anon:maphelper]" (PR_SET_VMA_ANON_NAME, 5.17+)
 * and fenced by read-only pages, so the kernel cannot merge it with a
 * neighbour; THP is off for it (MADV_NOHUGEPAGE), so the write makes
 * exactly TOUCH MiB resident, page by page.
 *
 * The tests compare PSS read at different moments by different tools.  PSS
 * moves whenever another process maps or unmaps a page this one maps, so
 * the helper shares none: it is linked statically without sanitizers
 * (tests/meson.build) and, unless --exit, runs from a private copy of
 * itself, unlinked once started. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
#ifndef PR_SET_VMA_ANON_NAME
#define PR_SET_VMA_ANON_NAME 0
#endif

/* Re-run from a private copy of the executable, so that no other helper
 * maps the same file pages.  Any failure: carry on as we are. */
static void run_private_copy(char **argv)
{
	const char *copy = getenv("MAPHELPER_COPY");
	if (copy) {
		unlink(copy);
		unsetenv("MAPHELPER_COPY");
		return;
	}
	char path[] = "/tmp/maphelper-XXXXXX", buf[65536];
	int out = mkstemp(path);
	int in = open("/proc/self/exe", O_RDONLY);
	ssize_t n = 0;
	if (out >= 0 && in >= 0)
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
	if (in >= 0)
		close(in);
	if (out >= 0 && (n < 0 || fchmod(out, 0700) != 0 || close(out) != 0 ||
			 setenv("MAPHELPER_COPY", path, 1) != 0 || (execv(path, argv), 1))) {
		unlink(path);
		unsetenv("MAPHELPER_COPY");
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	int exit_now = 0;
	if (i < argc && strcmp(argv[i], "--exit") == 0) {
		exit_now = 1;
		i++;
	}
	if (!exit_now)
		run_private_copy(argv);
	size_t size = (size_t)(i < argc ? atol(argv[i++]) : 16) << 20;
	size_t touch = (size_t)(i < argc ? atol(argv[i++]) : 4) << 20;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	if (size == 0 || touch > size) {
		fprintf(stderr, "usage: maphelper [--exit] [SIZE_MIB [TOUCH_MIB]]\n");
		return 2;
	}
	char *fence = mmap(NULL, size + 2 * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fence == MAP_FAILED) {
		perror("maphelper: mmap");
		return 1;
	}
	char *p = mmap(fence + page, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED) {
		perror("maphelper: mmap");
		return 1;
	}
	madvise(p, size, MADV_NOHUGEPAGE);
	prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)p, size, (unsigned long)"maphelper");
	memset(p, 0x5a, touch);
	printf("%d %lx %lx\n", (int)getpid(), (unsigned long)p, (unsigned long)(p + size));
	fflush(stdout);
	if (exit_now)
		return 0;
	alarm(600);
	for (;;)
		pause();
}
