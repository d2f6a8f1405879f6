/*
 * parse-only.c: the floor for `backstop check`: open, parse with GMime
 * and free every file named on the command line, nothing else, in one
 * process.  Prints the wall time in microseconds.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

static long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int
main(int argc, char **argv)
{
	long t0;
	int parsed = 0;

	g_mime_init();
	t0 = now_us();
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		GMimeStream *stream;
		GMimeParser *parser;
		GMimeMessage *msg;

		if (fd == -1)
			continue;
		stream = g_mime_stream_fs_new(fd);	/* owns fd */
		parser = g_mime_parser_new_with_stream(stream);
		g_object_unref(stream);
		msg = g_mime_parser_construct_message(parser, NULL);
		g_object_unref(parser);
		if (msg != NULL) {
			parsed++;
			g_object_unref(msg);
		}
	}
	printf("%ld %d\n", now_us() - t0, parsed);
	return 0;
}
