/*
 * Fuzz target: the command line of `ura` (parse_flags and load_settings in src/main.c: flags
 * through getopt_long, then every setting through config_set). Pure: no command runs, no
 * store.
 *
 * main.c keeps its parser static, so this file includes it, with main renamed, its output
 * sent to /dev/null, and exit() (which --help and --version call) turned into a jump back
 * here. The input is the arguments after "ura", separated by NUL or LF bytes. The settings
 * are applied as main applies them, without a --config file or the environment (the config
 * harness covers the INI file and the environment loader).
 */
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jmp_buf exited;
static FILE *devnull;

static _Noreturn void
fuzz_exit(int code)
{
	longjmp(exited, code + 1);
}

int ura_main(int argc, char **argv);

#define main ura_main
#define exit fuzz_exit
#undef stdout
#undef stderr
#define stdout devnull
#define stderr devnull
#undef printf
#define printf(...) fprintf(devnull, __VA_ARGS__)
#include "main.c"
#undef main
#undef exit
#undef stdout
#undef stderr
#undef printf

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[ARGS_MAX + 2];
	struct flag flags[FLAGS_MAX];
	struct cli c = { 0 };
	const char *config_file = NULL;
	volatile int argc = 1;
	int nflags = 0;

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "ura";
	for (char *p = copy, *end = copy + size; p <= end && argc <= ARGS_MAX;) {
		size_t len = strnlen(p, (size_t)(end - p));
		char *nl = memchr(p, '\n', len);

		if (nl != NULL)
			len = (size_t)(nl - p);
		p[len] = '\0';
		argv[argc++] = p;
		p += len + 1;
	}
	argv[argc] = NULL;
	optind = 0; /* getopt_long starts afresh */
	opterr = 0;
	if (setjmp(exited) == 0 &&
	    parse_flags(argc, argv, &c, flags, &nflags, &config_file, usage) == 0)
		load_settings(&c, flags, nflags, NULL);
	free(copy);
	return 0;
}
