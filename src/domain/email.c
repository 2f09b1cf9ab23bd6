/* Notifications by e-mail (see email.h): the message's words in five languages. */
#include "domain/email.h"

#include <stdio.h>

static const char *const intro[LANG_COUNT] = {
	[LANG_SQ] = "Keni diçka të re në Ura.",
	[LANG_EN] = "There is something new for you in Ura.",
	[LANG_SR_LATN] = "Imate nešto novo u Uri.",
	[LANG_TR] = "Ura'da sizin için yeni bir şey var.",
	[LANG_BS] = "Imate nešto novo u Uri.",
};
static const char *const open_it[LANG_COUNT] = {
	[LANG_SQ] = "Hapeni këtu (pas hyrjes në llogari):",
	[LANG_EN] = "Open it here (after signing in):",
	[LANG_SR_LATN] = "Otvorite ovde (posle prijave):",
	[LANG_TR] = "Buradan açın (oturum açtıktan sonra):",
	[LANG_BS] = "Otvorite ovdje (nakon prijave):",
};
static const char *const why[LANG_COUNT] = {
	[LANG_SQ] = "Ky mesazh thotë vetëm se ka diçka për të parë; të dhënat qëndrojnë në Ura. "
		    "Për të mos marrë më e-maile, ndryshojeni te \"Llogaria ime\".",
	[LANG_EN] = "This message only says that there is something to see; the details stay in "
		    "Ura. To stop these e-mails, change it under \"My account\".",
	[LANG_SR_LATN] = "Ova poruka samo kaže da ima nešto da se vidi; podaci ostaju u Uri. Da "
			 "ne biste više dobijali e-poruke, promenite to pod \"Moj nalog\".",
	[LANG_TR] = "Bu mesaj yalnızca görülecek bir şey olduğunu söyler; ayrıntılar Ura'da kalır. "
		    "Bu e-postaları artık almamak için \"Hesabım\" altından değiştirin.",
	[LANG_BS] = "Ova poruka samo kaže da ima nešto da se vidi; podaci ostaju u Uri. Da ne "
		    "biste više dobijali e-poruke, promijenite to pod \"Moj račun\".",
};

void
email_compose(enum lang lang, const char *kind_label, const char *reference,
	      const char *link, char subject[EMAIL_SUBJECT_MAX], char body[EMAIL_BODY_MAX])
{
	if ((unsigned)lang >= LANG_COUNT)
		lang = LANG_EN;
	snprintf(subject, EMAIL_SUBJECT_MAX, "Ura: %s%s%s", kind_label, reference ? " — " : "",
		 reference ? reference : "");
	snprintf(body, EMAIL_BODY_MAX, "%s\n\n%s%s%s\n\n%s\n%s\n\n-- \n%s\n", intro[lang],
		 kind_label, reference ? ": " : "", reference ? reference : "", open_it[lang], link,
		 why[lang]);
}

int64_t
email_retry_at(int attempts, int64_t now)
{
	int64_t wait = 60;

	for (int i = 1; i < attempts && wait < 4 * 60 * 60; i++)
		wait *= 2;
	return now + (wait < 4 * 60 * 60 ? wait : 4 * 60 * 60);
}
