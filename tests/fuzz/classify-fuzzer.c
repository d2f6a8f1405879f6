/*
 * classify-fuzzer.c: libFuzzer target over the classifier, bytes ->
 * verdict, with no file-system or network I/O.
 *
 * Each input goes through what a delivery does with a message before
 * the evidence sources are asked: the bounded parse (message_parse_fd,
 * with its CR-only filter), recognition and reference extraction
 * (recognise), the answer's envelope facts and embedded original
 * (answer_init), and the verdict for an empty evidence list.  It also
 * holds the pre-screen to its promise (filters/prescreen.c): an input
 * the recognisers claim must never be one it calls ordinary, since the
 * delivery agent would then store that answer unparsed.  The bytes
 * sit in a memfd, an anonymous in-memory file, because the parser reads
 * from a descriptor as it does on the delivery path.
 *
 * Built by ./configure --enable-fuzzing (clang); run by `make fuzz`
 * (tests/fuzz/run.sh) with the seeds from testdata/ and classify.dict.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "filter.h"
#include "evidence.h"
#include "prescreen.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

static void
quiet(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_mime_init();
	g_log_set_default_handler(quiet, NULL);
	memfd = memfd_create("classify-fuzzer", MFD_CLOEXEC);
	if (memfd == -1) {
		perror("memfd_create");
		exit(1);
	}
	return 0;
}

/*
 * Each stage alone: what its match() claims, its gate (struct gate)
 * admits, whichever stage comes first in the table (test-gates asks the
 * same of the corpora and fixtures).
 */
static void
each_gate_admits(GMimeMessage *msg, const struct envelope *env,
    const uint8_t *data, size_t size)
{
	size_t n;
	const struct recogniser *const *stages = recognise_stages(&n);

	for (size_t i = 0; i < n; i++) {
		struct recognition one;
		bool hit;

		recognition_init(&one);
		hit = stages[i]->match(msg, env, &one);
		recognition_clear(&one);
		if (hit && !prescreen_gate_admits(stages[i]->gate, stages[i]->name,
		    (const char *)data, size, env->sender, NULL)) {
			fprintf(stderr, "recogniser %s matches but its gate does "
			    "not admit it\n", stages[i]->name);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the envelope sender: null, unknown or a person's. */
	static const char *const senders[] = { "", NULL, "bob@example.com", NULL };
	struct envelope env = {
		.sender = size > 0 ? senders[data[0] & 3] : NULL,
		.recipient = "alice@example.org",
	};
	struct recognition r;
	struct answer a;
	GMimeMessage *msg;
	GPtrArray *evidence;
	enum verdict v;

	if (ftruncate(memfd, 0) == -1 ||
	    (size > 0 && pwrite(memfd, data, size, 0) != (ssize_t)size))
		abort();
	msg = message_parse_fd(memfd);
	recognition_init(&r);
	recognise(msg, &env, &r);
	answer_init(&a, msg, &env, &r, true);
	evidence = evidence_list_new();
	if (r.class != CLASS_NONE) {
		/* the stages that read only the message: its original's headers */
		static char *relays[] = { "smtp.example.org", "192.0.2.0/24", "*.example.net", NULL };
		static char *domains[] = { "example.org", NULL };
		struct evidence_config c = { .now = 1764547200, .relays = relays,
		    .dkim_domains = domains };
		evidence_replay(&c, &a, evidence);
		evidence_auth(&c, &a, evidence);
		evidence_relay(&c, &a, evidence);
		evidence_dkim(&c, &a, evidence);
	}
	v = verdict_decide(r.class, evidence);
	if (class_name(r.class) == NULL || verdict_name(v) == NULL)
		abort();
	if (r.class == CLASS_NONE && v != VERDICT_HAM)
		abort();
	if (r.class != CLASS_NONE &&
	    !prescreen_maybe_answer((const char *)data, size, env.sender, NULL)) {
		fprintf(stderr, "pre-screen cleared a message recognised as %s (%s)\n",
		    class_name(r.class), r.reason ? r.reason : "");
		abort();
	}
	if (msg != NULL)
		each_gate_admits(msg, &env, data, size);
	g_ptr_array_unref(evidence);
	answer_clear(&a);
	recognition_clear(&r);
	if (msg != NULL)
		g_object_unref(msg);
	return 0;
}
