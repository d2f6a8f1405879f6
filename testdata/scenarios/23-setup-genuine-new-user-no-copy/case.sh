# A new user with nothing recorded: an empty database, no sent log, and
# no copy (she ran `mail` on the server, which keeps none).  The bounce
# was made by her own server (topmost line "by mx.example.org (Postfix)"),
# whose pickup wrote "(Postfix, from userid N)", N her uid, into the
# original it returns.
KIND="setup: new user, nothing recorded, local submission bounced"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
message() {
	make_bounce scen-23c@example.org |
		sed "s/^Received: from \[192.0.2.99\] (unknown \[192.0.2.99\])$/Received: by mx.example.org (Postfix, from userid $(id -u))/;/^\tby mx.example.org (Postfix) with ESMTP id 4Y0Q1R2S3T$/d"
}
