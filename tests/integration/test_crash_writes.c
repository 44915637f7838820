/*
 * kill -9 and power loss during the writes that must survive them (issue 8
 * item 7): the action journal and the balance state file.
 *
 * A child process writes in a loop; the parent kills it with SIGKILL at a
 * random moment, many times over, and then reads what is on disk the way
 * the program would at its next start. A power loss (the last write cut
 * anywhere) is simulated by truncating the journal at every offset of its
 * last record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/model.h"
#include "app/journal.h"
#include "app/store.h"
#include "util/atomicfile.h"
#include "util/readfile.h"
#include "util/xalloc.h"

#define KILLS 40
#define NOW 1710490530L

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bssdash-crash.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* In the writer: written to once its first write is on disk. */
static int ready_fd = -1;

static void
signal_ready(void)
{
	if (ready_fd >= 0 && write(ready_fd, "r", 1) == 1) {
		close(ready_fd);
		ready_fd = -1;
	}
}

/*
 * Forks body(arg), which loops until killed and calls signal_ready() after
 * its first write, then SIGKILLs it 0-10 ms after that (however slowly it
 * started: under valgrind, seconds).
 */
static void
kill_during(void (*body)(void *), void *arg, unsigned seed)
{
	int fds[2], status;
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		ready_fd = fds[1];
		body(arg);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		fail_msg("the writer died before its first write");
	close(fds[0]);
	usleep((seed * 2654435761u) % 10000);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		fail_msg("the writer ended before the kill: %s %d", WIFEXITED(status) ? "exit" :
		    "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* ---- fsync ------------------------------------------------------------------------ */

/* What fsync() has seen: the size of the last regular file synced, and the
 * directories synced (a new name is durable once its directory is). */
static struct {
	unsigned files, dirs;
	off_t size;
	ino_t ino;
} synced;

int
fsync(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		synced.dirs++;
	} else if (fstat(fd, &st) == 0) {
		synced.files++;
		synced.size = st.st_size;
		synced.ino = st.st_ino;
	}
	return (int)syscall(SYS_fsync, fd);
}

/* Everything in path was synced by the last fsync(), and dirs directories since the reset. */
static void
assert_synced(const char *path, unsigned dirs)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_true(synced.files > 0);
	assert_true(synced.ino == st.st_ino);
	assert_true(synced.size == st.st_size);
	assert_int_equal(synced.dirs, dirs);
	memset(&synced, 0, sizeof(synced));
}

/* ---- the journal ---------------------------------------------------------------- */

static void
intent(struct journal_record *r, unsigned n)
{
	static char *targets[] = { "res-0001", "res-0002" };

	memset(r, 0, sizeof(*r));
	r->type = JOURNAL_INTENT;
	snprintf(r->id, sizeof(r->id), "act-%08u", n);
	r->time = NOW + n;
	r->profile = "default";
	r->endpoint = "https://bss.myhuaweicloud.com";
	r->action = "renew";
	r->targets = targets;
	r->ntargets = 2;
	r->method = "POST";
	r->path = "/v2/orders/subscriptions/resources/renew";
	r->body = "{\"resource_ids\":[\"res-0001\",\"res-0002\"],\"period_type\":2,\"period_num\":1}";
}

/* Each record is on disk when journal_append() returns; a new journal's name too. */
static void
journal_synced(void **state)
{
	char path[128], err[256];
	struct journal_record r;
	struct journal *j;

	(void)state;
	snprintf(path, sizeof(path), "%s/synced.jsonl", dir);
	unlink(path);
	j = journal_open(path, err, sizeof(err));
	assert_non_null(j);
	memset(&synced, 0, sizeof(synced));
	for (unsigned n = 0; n < 3; n++) {
		intent(&r, n);
		assert_int_equal(journal_append(j, &r, err, sizeof(err)), 0);
		assert_synced(path, n == 0 ? 1 : 0);
	}
	journal_close(j);
}

/* The state file's writer: the new content and its rename are on disk when it returns. */
static void
atomicfile_synced(void **state)
{
	char path[128], err[256];
	static const char *const texts[] = { "1710490530\t1.5\n", "1710490530\t1.5\n1710490590\t1\n" };

	(void)state;
	snprintf(path, sizeof(path), "%s/synced.tsv", dir);
	memset(&synced, 0, sizeof(synced));
	for (int n = 0; n < 2; n++) {
		assert_int_equal(atomicfile_write(path, texts[n], strlen(texts[n]), 0600, err,
		    sizeof(err)), 0);
		assert_synced(path, 1);
	}
}

static void
append_forever(void *path)
{
	struct journal *j = journal_open(path, NULL, 0);
	struct journal_record r;
	char err[256];

	for (unsigned n = 0;; n++) {
		intent(&r, n);
		if (journal_append(j, &r, err, sizeof(err)) != 0)
			_exit(3);
		signal_ready();
	}
}

static struct journal_log *
read_log(const char *path)
{
	struct journal *j = journal_open(path, NULL, 0);
	struct journal_log *log;
	char err[256];

	assert_non_null(j);
	assert_int_equal(journal_read(j, &log, err, sizeof(err)), 0);
	journal_close(j);
	return log;
}

/* Every record is whole and in order: ids act-00000000, act-00000001, ... */
static void
assert_records_in_order(const struct journal_log *log)
{
	char want[JOURNAL_ID_BUFSZ];

	for (size_t i = 0; i < log->nrecords; i++) {
		snprintf(want, sizeof(want), "act-%08zu", i);
		assert_string_equal(log->records[i].id, want);
		assert_int_equal(log->records[i].ntargets, 2);
	}
}

static void
journal_kill9(void **state)
{
	char path[128];
	size_t before = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/journal.jsonl", dir);
	for (unsigned k = 0; k < KILLS; k++) {
		struct journal_log *log;

		unlink(path);
		kill_during(append_forever, path, k);
		log = read_log(path);
		/*
		 * One write() per record, yet Linux cuts a write short when SIGKILL
		 * comes between two of its pages (generic_perform_write checks
		 * fatal_signal_pending per page): the last line may then be torn,
		 * and is reported as such, after every whole record.
		 */
		if (log->nproblems != 0 && (log->nproblems != 1 || !log->problems[0].torn ||
		    log->problems[0].line != log->nrecords + 1))
			fail_msg("after kill %u: %zu records, %zu problems, the first at line %zu: %s", k,
			    log->nrecords, log->nproblems, log->problems[0].line,
			    log->problems[0].message);
		assert_records_in_order(log);
		before += log->nrecords;
		journal_log_free(log);
	}
	assert_true(before >= KILLS);
}

static void
write_prefix(const char *path, const struct buf *whole, size_t n)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(whole->data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* A power loss can leave the last write cut anywhere. */
static void
journal_torn_tail(void **state)
{
	char path[128], err[256];
	struct buf whole = BUF_INIT(0);
	struct journal_record r;
	struct journal *j;
	size_t last_start;

	(void)state;
	snprintf(path, sizeof(path), "%s/torn.jsonl", dir);
	unlink(path);
	j = journal_open(path, err, sizeof(err));
	for (unsigned n = 0; n < 3; n++) {
		intent(&r, n);
		assert_int_equal(journal_append(j, &r, err, sizeof(err)), 0);
	}
	journal_close(j);
	assert_int_equal(readfile_all(path, 1 << 20, &whole), 0);
	last_start = (size_t)((char *)memrchr(whole.data, '\n', whole.len - 1) - whole.data) + 1;
	/* Cut inside the third record (without its newline only, it is whole and loads). */
	for (size_t cut = last_start + 1; cut < whole.len - 1; cut++) {
		struct journal_log *log;

		write_prefix(path, &whole, cut);
		log = read_log(path);
		/* The two whole records load; the cut one is reported as torn, at line 3. */
		assert_int_equal(log->nrecords, 2);
		assert_int_equal(log->nproblems, 1);
		assert_true(log->problems[0].torn);
		assert_int_equal(log->problems[0].line, 3);
		journal_log_free(log);

		/* The next append starts a line of its own; the cut line stays reported. */
		j = journal_open(path, err, sizeof(err));
		intent(&r, 2);
		assert_int_equal(journal_append(j, &r, err, sizeof(err)), 0);
		journal_close(j);
		log = read_log(path);
		assert_int_equal(log->nrecords, 3);
		assert_int_equal(log->nproblems, 1);
		assert_int_equal(log->problems[0].line, 3);
		assert_false(log->problems[0].torn);
		assert_string_equal(log->records[2].id, "act-00000002");
		journal_log_free(log);
	}
	buf_free(&whole);
}

/* ---- the balance state file ------------------------------------------------------ */

static struct model *
balance(long cents)
{
	char json[256];
	struct model *m;
	struct bss_error *err;

	snprintf(json, sizeof(json), "{\"account_balances\":[{\"account_id\":\"a\",\"account_type\":1,"
	    "\"amount\":%ld.%02ld,\"currency\":\"CNY\",\"measure_id\":1}],\"measure_id\":1,"
	    "\"currency\":\"CNY\"}", cents / 100,
	    cents % 100);
	if (model_parse(MODEL_OP_SHOW_CUSTOMER_ACCOUNT_BALANCES, json, strlen(json), &m, &err) != 0)
		_exit(4);
	return m;
}

/* A new balance every simulated minute: each delivery rewrites the state file. */
static void
record_forever(void *unused)
{
	struct store_options o = { .profile = "crash", .endpoint = "https://bss.example",
		.state_dir = dir };
	struct store *s = store_new(&o);
	char now[32];

	(void)unused;
	for (long n = 0;; n++) {
		snprintf(now, sizeof(now), "%ld", NOW + 60 * n);
		setenv("BSSDASH_TEST_NOW", now, 1);
		store_deliver(s, STORE_BALANCE, balance(100000 - n), NULL);
		signal_ready();
	}
}

/* The file is whole: every line "seconds<TAB>amount", the last one ended. */
static void
assert_state_file_whole(const char *path, size_t *nlines)
{
	struct buf b = BUF_INIT(0);

	*nlines = 0;
	assert_int_equal(readfile_all(path, 1 << 20, &b), 0);
	assert_true(b.len > 0);
	assert_int_equal(b.data[b.len - 1], '\n');
	for (char *save = NULL, *line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		long long t;
		char amount[64];

		assert_int_equal(sscanf(line, "%lld\t%63s", &t, amount), 2);
		(*nlines)++;
	}
	buf_free(&b);
}

static void
state_file_kill9(void **state)
{
	char path[128], now[32];
	size_t total = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/balance-crash.tsv", dir);
	for (unsigned k = 0; k < KILLS; k++) {
		struct store_options o = { .profile = "crash", .endpoint = "https://bss.example",
			.state_dir = dir };
		struct store *s;
		size_t nlines, nhist;

		unlink(path);
		kill_during(record_forever, NULL, k);
		assert_state_file_whole(path, &nlines);
		total += nlines;
		/* And the program loads it (the clock set at the last sample's minute or so). */
		snprintf(now, sizeof(now), "%ld", NOW + 60 * (long)nlines);
		setenv("BSSDASH_TEST_NOW", now, 1);
		s = store_new(&o);
		store_history(s, &nhist);
		assert_true(nhist > 0);
		store_free(s);
	}
	assert_true(total >= KILLS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(journal_kill9),
		cmocka_unit_test(journal_torn_tail),
		cmocka_unit_test(journal_synced),
		cmocka_unit_test(atomicfile_synced),
		cmocka_unit_test(state_file_kill9),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
