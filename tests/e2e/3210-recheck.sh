#!/usr/bin/env bash
# 3210: the safety net of issue 11.  A genuine bounce that arrives before
# its sent copy is indexed is quarantined; `backstop setup --install`
# adds `quarantine recheck` to notmuch's post-new hook (appending to the
# user's hook, before its final exit; once; executable); the next
# `notmuch new` indexes the sent copy, runs the hook, and the bounce is
# back in the inbox, tagged inbox, stamped "released; by=recheck",
# while a forged bounce stays.  recheck without --apply only lists.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 33
mkhome
HOOKS=$MAILDIR/.notmuch/hooks

# The user's own post-new hook, ending in exit.
mkdir -p "$HOOKS"
printf '#!/bin/sh\necho "user hook ran" >> "%s/user-hook.log"\nexit 0\n' "$WORKDIR" > "$HOOKS/post-new"
chmod 755 "$HOOKS/post-new"

"$BACKSTOP" setup > out 2> err
like "$(cat out)" "post-new hook $(ere_quote "$HOOKS")/post-new \\(backstop setup --install adds it\\)" "setup: offers the hook, in the folder notmuch names"
is "$(grep -c "quarantine recheck" "$HOOKS/post-new")" 0 "setup without --install: the hook is not changed"
"$BACKSTOP" setup --install > out 2> err
like "$(cat out)" "added the recheck to $(ere_quote "$HOOKS")/post-new" "setup --install: says it added the recheck to the hook notmuch runs"
ok "the hook is executable" test -x "$HOOKS/post-new"
is "$(head -n 2 "$HOOKS/post-new" | tail -n 1)" "echo \"user hook ran\" >> \"$WORKDIR/user-hook.log\"" "the user's hook is kept"
is "$(tail -n 1 "$HOOKS/post-new")" "exit 0" "the user's final exit stays last"
like "$(grep 'quarantine recheck' "$HOOKS/post-new")" "^'$(ere_quote "$(realpath "$BACKSTOP")")' quarantine recheck --since [0-9]+d --apply --quiet\$" "our line runs this backstop"
"$BACKSTOP" setup --install > out 2> err
is "$(grep -c 'quarantine recheck' "$HOOKS/post-new")" 1 "setup --install again: still one line"
like "$(cat out)" "the recheck is already in" "setup --install again: says so"

# A genuine bounce whose sent copy is not on disk or in notmuch yet, and a forged one.
make_bounce late-3210@example.org > gen.eml
deliver gen.eml
is "$(find_id "$QUARANTINE" late-3210@example.org | wc -l)" 1 "the genuine bounce is quarantined (its sent copy is not indexed)"
BOUNCE_ID=bs-3210@mx.example.org make_bounce forged-3210@example.org > bs.eml
deliver bs.eml
is "$(count "$QUARANTINE")" 2 "the forged one too"

"$BACKSTOP" quarantine recheck > out 2> err
is "$?" 0 "recheck: exit 0"
like "$(cat out)" '2 quarantined message\(s\) judged again, 0 now genuine' "recheck: nothing is genuine yet"

# The sent copy lands in .Sent; notmuch new indexes it and runs the hook.
mkdir -p "$MAILDIR/.Sent/cur" "$MAILDIR/.Sent/new" "$MAILDIR/.Sent/tmp"
cat > "$MAILDIR/.Sent/cur/1700000000.M1P1.sent:2,S" <<'EOM'
Message-ID: <late-3210@example.org>
From: Alice Example <alice@example.org>
To: Nobody <nobody@example.net>
Subject: fixture late
Date: Thu, 28 Nov 2024 15:58:00 +0000

Hello.
EOM
nm new > nmout 2>&1
is "$?" 0 "notmuch new: exit 0"
is "$(cat user-hook.log 2>/dev/null)" "user hook ran" "notmuch new ran the user's hook"
gen=$(find_id "$MAILDIR" late-3210@example.org | grep -v '/\.Sent/' | grep -v '/\.Backscatter/')
is "$(echo "$gen" | grep -c .)" 1 "the genuine bounce is back in the inbox, once"
is "$(find_id "$QUARANTINE" late-3210@example.org | wc -l)" 0 "and no longer in the quarantine"
like "$(first_line "${gen:-/dev/null}")" '^X-Backstop: released; was=backscatter; at=[^;]+; by=recheck; class=bounce; .*; why=recheck: now genuine class=bounce' "stamped released by recheck, with why"
bid=$(sed -n 's/^Message-I[Dd]: <\(.*\)>$/\1/p' gen.eml | head -n 1)
ok "tagged inbox in notmuch" has_tag "$bid" inbox
ok "no longer tagged backscatter" lacks_tag "$bid" backscatter
is "$(find_id "$QUARANTINE" bs-3210@mx.example.org | wc -l)" 1 "the forged bounce stays in the quarantine"
like "$(cat nmout)" 'released <' "notmuch new shows what the hook released"
"$BACKSTOP" quarantine show "$bid" > /dev/null 2> err
like "$(cat err)" 'by recheck \(recheck: now genuine' "quarantine show says when and why"

# Without --apply, recheck lists; with it, releases (notmuch new without hooks here).
make_bounce late2-3210@example.org > gen2.eml
deliver gen2.eml
sed 's/late-3210/late2-3210/' "$MAILDIR/.Sent/cur/1700000000.M1P1.sent:2,S" > "$MAILDIR/.Sent/cur/1700000000.M2P1.sent:2,S"
nm new --no-hooks --quiet > /dev/null 2>&1
"$BACKSTOP" quarantine recheck --since 1d > out 2> err
like "$(cat out)" '^would release <.*@mx\.example\.org>: genuine class=bounce ref=late2-3210@example\.org' "recheck without --apply: lists what is now genuine"
like "$(cat out)" '2 quarantined message\(s\) judged again, 1 now genuine \(run with --apply' "recheck without --apply: the totals"
is "$(find_id "$QUARANTINE" late2-3210@example.org | wc -l)" 1 "recheck without --apply: nothing moved"
"$BACKSTOP" quarantine recheck --apply > out 2> err
like "$(cat out)" '^released <' "recheck --apply: releases it"
is "$(find_id "$QUARANTINE" late2-3210@example.org | wc -l):$(count "$QUARANTINE")" "0:1" "recheck --apply: only the forged one is left"

"$BACKSTOP" stats --days 1 --json > out.json 2> err
is "$(jq -r '.verdicts.backscatter' < out.json)" 3 "stats: the released ones still count as what they were when they arrived"

# A hook the user turned off (not executable) is left alone.
chmod 644 "$HOOKS/post-new"
sed -i '/quarantine recheck/d; /^# backstop:/d' "$HOOKS/post-new"
"$BACKSTOP" setup --install > out 2> err
like "$(cat out)" 'cannot add to .*not an executable shell script' "a turned-off hook: left alone, says so"
is "$(grep -c 'quarantine recheck' "$HOOKS/post-new")" 0 "a turned-off hook: not changed"
ok "a turned-off hook: still not executable" test ! -x "$HOOKS/post-new"

# An XDG layout: notmuch's config and hooks under $XDG_CONFIG_HOME/notmuch/default.
mkdir -p "$XDG_CONFIG_HOME/notmuch/default/hooks"
cp "$HOME/.notmuch-config" "$XDG_CONFIG_HOME/notmuch/default/config"
"$BACKSTOP" setup --install > out 2> err
ok "XDG layout: the hook goes where notmuch looks, \$XDG_CONFIG_HOME/notmuch/default/hooks" \
	grep -q 'quarantine recheck' "$XDG_CONFIG_HOME/notmuch/default/hooks/post-new"
