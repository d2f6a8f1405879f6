# tests/lib-sent.sh: the user's sent mail as mail clients and IMAP
# servers leave it on disk, for the scenario cases (sourced after
# tests/lib.sh).

_copyno=0

# put_copy FOLDER [index]: stdin as a message file in $MAILDIR/FOLDER/cur
# (FOLDER may be nested, "[Gmail]/Sent Mail", or Maildir++, ".Sent"),
# named as delivered now, so it is inside backstop's look at sent folders
# on disk.  With "index", notmuch new indexes it; else it is not indexed
# yet (the client wrote it a second ago).
put_copy() {
	local dir=$MAILDIR${1:+/$1} f
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	_copyno=$((_copyno + 1))
	f="$dir/cur/$(date +%s).M${_copyno}P$$.host:2,S"
	cat > "$f"
	if [ "${2:-}" = index ]; then
		nm new --quiet >/dev/null || diag "notmuch new failed"
	fi
}

# sent_copy MSGID [FROM] [SUBJECT] [DATE] [TO]: the copy a client keeps of
# the message that make_bounce and make_exim_bounce quote (by default the
# same From, To, Subject and Date), as Thunderbird writes it, with the
# Received: lines given on stdin on top (use < /dev/null for none).
sent_copy() {
	local id=$1 from=${2:-Alice Example <alice@example.org>}
	local subject=${3:-Re: invoice} date=${4:-Thu, 28 Nov 2024 15:58:00 +0000}
	local to=${5:-nobody@example.net}
	cat
	printf 'Message-ID: <%s>\nDate: %s\nMIME-Version: 1.0\n' "$id" "$date"
	printf 'User-Agent: Mozilla Thunderbird\nContent-Language: en-GB\n'
	printf 'From: %s\nTo: %s\nSubject: %s\n' "$from" "$to" "$subject"
	printf 'Content-Type: text/plain; charset=UTF-8; format=flowed\n'
	printf 'Content-Transfer-Encoding: 7bit\n\nPlease find the invoice attached.\n'
}

# inbound_hops: the Received: lines of a message that reached the user's
# MX from a stranger's machine (Postfix at the MX, Dovecot LMTP above).
inbound_hops() {
	printf 'Received: from mx.example.org\n\tby imap.example.org with LMTP\n'
	printf '\tid 8Kk2Nb2UR2cBKgAAqH1mXA\n\t(envelope-from <alice@example.org>)\n'
	printf '\tfor <alice@example.org>; Thu, 28 Nov 2024 15:58:04 +0000\n'
	printf 'Received: from bot-17.dyn.example.net (bot-17.dyn.example.net [198.51.100.17])\n'
	printf '\tby mx.example.org (Postfix) with ESMTP id 4Y0Q1R2S3Z\n'
	printf '\tfor <alice@example.org>; Thu, 28 Nov 2024 15:58:03 +0000 (UTC)\n'
}

# gmail_submission_hop: the Received: line Gmail keeps on a message sent
# through smtp.gmail.com.
gmail_submission_hop() {
	printf 'Received: from [192.168.1.20] (host-203-0-113-5.isp.example. [203.0.113.5])\n'
	printf '        by smtp.gmail.com with ESMTPSA id x12sm345678wrt.12.2024.11.28.07.58.59\n'
	printf '        for <nobody@example.net>\n'
	printf '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n'
	printf '        Thu, 28 Nov 2024 07:58:59 -0800 (PST)\n'
}
