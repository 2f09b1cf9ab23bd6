/* The data-protection pages' wording (see data_protection_text.h). */
#include "api/data_protection_text.h"

#include <stddef.h>

static const char *const texts[DP_COUNT][LANG_COUNT] = {
	[DP_TITLE] = {
		"Të dhënat tuaja personale në Ura",
		"Your personal data held in Ura",
		"Vaši lični podaci u sistemu Ura" },
	[DP_CONFIDENTIAL] = {
		"Konfidencial",
		"Confidential",
		"Poverljivo" },
	[DP_PRINT_HINT] = {
		"Për ta shtypur ose ruajtur si PDF, përdorni Shtyp (Ctrl+P) të shfletuesit.",
		"To print it or save it as a PDF, use your browser's Print (Ctrl+P).",
		"Da biste odštampali ili sačuvali kao PDF, koristite Štampaj (Ctrl+P) u "
		"pregledaču." },
	[DP_PREPARED_ON] = {
		"Përgatitur më",
		"Prepared on",
		"Pripremljeno" },
	[DP_PREPARED_BY] = {
		"Përgatitur nga",
		"Prepared by",
		"Pripremio" },
	[DP_SCOPE] = {
		"Çfarë përmban kjo kopje",
		"What this copy holds",
		"Šta sadrži ova kopija" },
	[DP_RIGHTS] = {
		"Keni të drejtë të shihni të dhënat që institucionet mbajnë për ju, t'i "
		"korrigjoni, dhe në disa raste t'i fshini ose t'u kufizoni përdorimin, si dhe "
		"të ankoheni te autoriteti për mbrojtjen e të dhënave personale (në Shqipëri "
		"Komisioneri për të Drejtën e Informimit dhe Mbrojtjen e të Dhënave Personale; "
		"në Kosovë Agjencia për Informim dhe Privatësi). Drejtojuni institucionit që "
		"drejton rastin tuaj.",
		"You have the right to see the data institutions hold on you, to have it "
		"corrected, in some cases to have it erased or its use restricted, and to "
		"complain to the data-protection authority (in Albania the Commissioner for the "
		"Right to Information and Personal Data Protection; in Kosovo the Information "
		"and Privacy Agency). Ask the institution that leads your case.",
		"Imate pravo da vidite podatke koje institucije drže o vama, da ih ispravite, u "
		"nekim slučajevima da ih obrišete ili ograničite njihovu upotrebu, i da se "
		"žalite organu za zaštitu ličnih podataka (u Albaniji Poverenik za pravo na "
		"informisanje i zaštitu ličnih podataka; na Kosovu Agencija za informisanje i "
		"privatnost). Obratite se instituciji koja vodi vaš slučaj." },
	[DP_REGISTER_NOTE] = {
		"Kjo është pjesa e regjistrit, e përgatitur nga zyrtari për mbrojtjen e të "
		"dhënave: rastet, kush i mban, referimet, pëlqimet dhe qasjet. Përmbajtjen e "
		"rastit jua jep menaxheri i institucionit që drejton rastin.",
		"This is the register part, prepared by the data-protection officer: the cases, "
		"who holds them, referrals, consents and accesses. The case's content is given "
		"to you by the manager of the institution that leads the case.",
		"Ovo je deo registra koji priprema službenik za zaštitu podataka: slučajevi, ko "
		"ih drži, upućivanja, saglasnosti i pristupi. Sadržaj slučaja daje vam "
		"rukovodilac institucije koja vodi slučaj." },
	[DP_CASE] = {
		"Rasti",
		"Case",
		"Slučaj" },
	[DP_KIND] = {
		"Lloji",
		"Kind",
		"Vrsta" },
	[DP_STATUS] = {
		"Gjendja",
		"Status",
		"Status" },
	[DP_OPENED] = {
		"Hapur më",
		"Opened",
		"Otvoren" },
	[DP_CLOSED] = {
		"Mbyllur më",
		"Closed",
		"Zatvoren" },
	[DP_RISK] = {
		"Niveli i riskut",
		"Risk level",
		"Nivo rizika" },
	[DP_LEAD] = {
		"Institucioni që drejton rastin",
		"Institution that leads the case",
		"Institucija koja vodi slučaj" },
	[DP_ABOUT_YOU] = {
		"Të dhënat për ju",
		"About you",
		"Podaci o vama" },
	[DP_GIVEN_NAME] = {
		"Emri",
		"Given name",
		"Ime" },
	[DP_FAMILY_NAME] = {
		"Mbiemri",
		"Family name",
		"Prezime" },
	[DP_SEX] = {
		"Gjinia",
		"Sex",
		"Pol" },
	[DP_BIRTH] = {
		"Datëlindja",
		"Date of birth",
		"Datum rođenja" },
	[DP_PERSONAL_NUMBER] = {
		"Numri personal",
		"Personal number",
		"Lični broj" },
	[DP_PHONE] = {
		"Telefoni",
		"Phone",
		"Telefon" },
	[DP_EMAIL] = {
		"E-mail",
		"E-mail",
		"E-pošta" },
	[DP_ADDRESS] = {
		"Adresa",
		"Address",
		"Adresa" },
	[DP_ADDRESS_WITHHELD] = {
		"Nuk tregohet (konfidenciale)",
		"Not shown (confidential)",
		"Nije prikazano (poverljivo)" },
	[DP_INCIDENTS] = {
		"Ngjarjet",
		"Incidents",
		"Incidenti" },
	[DP_DATE] = {
		"Data",
		"Date",
		"Datum" },
	[DP_FORMS] = {
		"Format e dhunës",
		"Forms of violence",
		"Oblici nasilja" },
	[DP_PLACE] = {
		"Vendi",
		"Place",
		"Mesto" },
	[DP_NARRATIVE] = {
		"Çfarë ndodhi",
		"What happened",
		"Šta se dogodilo" },
	[DP_ASSESSMENTS] = {
		"Vlerësimet e riskut",
		"Risk assessments",
		"Procene rizika" },
	[DP_SCORE] = {
		"Pikët",
		"Score",
		"Bodovi" },
	[DP_ORDERS] = {
		"Urdhrat e mbrojtjes",
		"Protection orders",
		"Nalozi za zaštitu" },
	[DP_TYPE] = {
		"Lloji",
		"Type",
		"Vrsta" },
	[DP_REQUESTED] = {
		"Kërkuar më",
		"Requested",
		"Zatražen" },
	[DP_DECIDED] = {
		"Vendosur më",
		"Decided",
		"Odlučeno" },
	[DP_VALID] = {
		"I vlefshëm",
		"Valid",
		"Važi" },
	[DP_BREACHES] = {
		"Shkelje",
		"Breaches",
		"Kršenja" },
	[DP_COURT] = {
		"Gjykata",
		"Court",
		"Sud" },
	[DP_PLAN] = {
		"Plani i rastit dhe i sigurisë",
		"Case and safety plan",
		"Plan slučaja i bezbednosti" },
	[DP_WHAT] = {
		"Çfarë",
		"What",
		"Šta" },
	[DP_RESPONSIBLE] = {
		"Përgjegjës",
		"Responsible",
		"Odgovorni" },
	[DP_DUE] = {
		"Afati",
		"Due",
		"Rok" },
	[DP_REFERRALS] = {
		"Referimet",
		"Referrals",
		"Upućivanja" },
	[DP_FROM] = {
		"Nga",
		"From",
		"Od" },
	[DP_TO] = {
		"Te",
		"To",
		"Kome" },
	[DP_SERVICE] = {
		"Shërbimi",
		"Service",
		"Usluga" },
	[DP_SHARED] = {
		"Të dhënat e ndara",
		"Data shared",
		"Podeljeni podaci" },
	[DP_BASIS] = {
		"Baza",
		"Basis",
		"Osnov" },
	[DP_REASON] = {
		"Arsyeja",
		"Reason",
		"Razlog" },
	[DP_NOTES] = {
		"Shënimet",
		"Notes",
		"Beleške" },
	[DP_INSTITUTION] = {
		"Institucioni",
		"Institution",
		"Institucija" },
	[DP_TEXT] = {
		"Teksti",
		"Text",
		"Tekst" },
	[DP_CONSENTS] = {
		"Pëlqimet",
		"Consents",
		"Saglasnosti" },
	[DP_GIVEN] = {
		"Dhënë",
		"Given",
		"Data" },
	[DP_METHOD] = {
		"Mënyra",
		"How",
		"Način" },
	[DP_CATEGORIES] = {
		"Kategoritë e të dhënave",
		"Categories of data",
		"Kategorije podataka" },
	[DP_TO_WHOM] = {
		"Për kë",
		"To whom",
		"Kome" },
	[DP_WITHDRAWN] = {
		"Tërhequr më",
		"Withdrawn",
		"Povučena" },
	[DP_YES] = {
		"Po",
		"Yes",
		"Da" },
	[DP_NO] = {
		"Jo",
		"No",
		"Ne" },
	[DP_NONE] = {
		"Asnjë",
		"None",
		"Nema" },
	[DP_ACCESS] = {
		"Kush pati qasje në të dhënat tuaja",
		"Who had access to your data",
		"Ko je imao pristup vašim podacima" },
	[DP_ACCESS_NOTE] = {
		"Sipas ditës, institucionit dhe rolit; punonjësit nuk emërtohen, por "
		"institucioni mund t'ju tregojë më shumë nëse e kërkoni.",
		"By day, institution and role; staff are not named, but the institution can "
		"tell you more if you ask.",
		"Po danu, instituciji i ulozi; zaposleni se ne imenuju, ali institucija vam "
		"može reći više ako zatražite." },
	[DP_ACCESS_TRUNCATED] = {
		"Lista është shkurtuar: kërkojini institucionit listën e plotë.",
		"The list is shortened: ask the institution for the whole list.",
		"Lista je skraćena: zatražite od institucije celu listu." },
	[DP_ROLE] = {
		"Roli",
		"Role",
		"Uloga" },
	[DP_ACCESS_KIND] = {
		"Qasja",
		"Access",
		"Pristup" },
	[DP_TIMES] = {
		"Herë",
		"Times",
		"Puta" },
	[DP_SYSTEM] = {
		"Sistemi",
		"The system",
		"Sistem" },
	[DP_INSTITUTIONS] = {
		"Institucionet që mbajnë ose morën të dhënat tuaja",
		"Institutions that hold or received your data",
		"Institucije koje drže ili su primile vaše podatke" },
	[DP_NAME] = {
		"Emri",
		"Name",
		"Naziv" },
	[DP_NOT_INCLUDED] = {
		"Çfarë nuk është në këtë kopje",
		"What is not in this copy",
		"Šta nije u ovoj kopiji" },
	[DP_NOT_INCLUDED_TEXT] = {
		"Të dhënat për persona të tjerë (fëmijët tuaj, personi që ju dëmtoi) nuk janë "
		"në këtë kopje, për të mbrojtur të drejtat e tyre; institucioni që drejton "
		"rastin mund t'ju flasë për to. Shënimet që një institucion tjetër mban vetëm "
		"për vete jepen nga ai institucion.",
		"Data about other people (your children, the person who harmed you) is not in "
		"this copy, to protect their rights; the institution that leads your case can "
		"talk to you about it. Notes that another institution keeps for itself are "
		"given by that institution.",
		"Podaci o drugim osobama (vašoj deci, osobi koja vam je naudila) nisu u ovoj "
		"kopiji, radi zaštite njihovih prava; institucija koja vodi vaš slučaj može "
		"razgovarati sa vama o njima. Beleške koje druga institucija vodi samo za sebe "
		"daje ta institucija." },
	[DP_RECORD_TITLE] = {
		"Regjistri i veprimtarive të përpunimit",
		"Record of processing activities",
		"Evidencija aktivnosti obrade" },
	[DP_RECORD_INTRO] = {
		"Përgatitur nga konfigurimi aktual i Ura-s (GDPR neni 30; Ligji 124/2024 në "
		"Shqipëri, Ligji 06/L-082 në Kosovë).",
		"Generated from Ura's live configuration (GDPR art. 30; Law 124/2024 in "
		"Albania, Law 06/L-082 in Kosovo).",
		"Generisano iz trenutne konfiguracije sistema Ura (GDPR čl. 30; Zakon 124/2024 "
		"u Albaniji, Zakon 06/L-082 na Kosovu)." },
	[DP_PURPOSES] = {
		"Qëllimet",
		"Purposes",
		"Svrhe" },
	[DP_SUBJECTS] = {
		"Kategoritë e subjekteve të të dhënave",
		"Categories of data subjects",
		"Kategorije lica na koja se podaci odnose" },
	[DP_DATA_CATEGORIES] = {
		"Kategoritë e të dhënave personale",
		"Categories of personal data",
		"Kategorije ličnih podataka" },
	[DP_SPECIAL] = {
		"Kategori e veçantë",
		"Special category",
		"Posebna kategorija" },
	[DP_ENCRYPTED] = {
		"E enkriptuar në ruajtje",
		"Encrypted at rest",
		"Šifrovano pri čuvanju" },
	[DP_RECORD_INSTITUTIONS] = {
		"Institucionet (kontrollues të përbashkët dhe marrës)",
		"Institutions (joint controllers and recipients)",
		"Institucije (zajednički rukovaoci i primaoci)" },
	[DP_COUNTRY] = {
		"Shteti",
		"Country",
		"Država" },
	[DP_MECHANISMS] = {
		"Mekanizma",
		"Mechanisms",
		"Mehanizmi" },
	[DP_BY_TYPE] = {
		"Institucionet sipas llojit",
		"Institutions by type",
		"Institucije po vrsti" },
	[DP_NUMBER] = {
		"Numri",
		"Count",
		"Broj" },
	[DP_TRUNCATED] = {
		"Lista është shkurtuar.",
		"The list is shortened.",
		"Lista je skraćena." },
	[DP_SHARING] = {
		"Ndarja e të dhënave dhe baza ligjore",
		"Sharing and its legal basis",
		"Deljenje podataka i pravni osnov" },
	[DP_CHANNEL] = {
		"Rruga",
		"Channel",
		"Kanal" },
	[DP_ARTICLES] = {
		"Nenet",
		"Articles",
		"Članovi" },
	[DP_RECIPIENTS_YEAR] = {
		"Marrësit (referime në 12 muajt e fundit)",
		"Recipients (referrals in the last 12 months)",
		"Primaoci (upućivanja u poslednjih 12 meseci)" },
	[DP_CROSS_BORDER] = {
		"Ndarja përtej kufirit (Shqipëri–Kosovë)",
		"Sharing across the border (Albania–Kosovo)",
		"Deljenje preko granice (Albanija–Kosovo)" },
	[DP_RETENTION] = {
		"Ruajtja",
		"Retention",
		"Čuvanje" },
	[DP_KEPT] = {
		"Ruhet",
		"Kept",
		"Čuva se" },
	[DP_SETTING] = {
		"Parametri",
		"Setting",
		"Podešavanje" },
	[DP_WITHOUT_END] = {
		"Pa afat (nuk është vendosur ende rregull fshirjeje)",
		"Without end (no deletion rule set yet)",
		"Bez roka (pravilo brisanja još nije postavljeno)" },
	[DP_FIXED] = {
		"I fiksuar",
		"Fixed",
		"Fiksno" },
	[DP_SECURITY] = {
		"Masat e sigurisë",
		"Security measures",
		"Mere bezbednosti" },
	[DP_MEASURE] = {
		"Masa",
		"Measure",
		"Mera" },
	[DP_VALUE] = {
		"Vlera",
		"Value",
		"Vrednost" },
	[DP_MINUTES] = {
		"minuta",
		"minutes",
		"minuta" },
	[DP_HOURS] = {
		"orë",
		"hours",
		"sati" },
	[DP_DAYS] = {
		"ditë",
		"days",
		"dana" },
	[DP_MONTHS] = {
		"muaj",
		"months",
		"meseci" },
};

const char *
dp_text(enum dp_text t, enum lang lang)
{
	if (t >= DP_COUNT || lang >= LANG_COUNT)
		return "";
	/* tr and bs (issue 16) have no wording of these pages yet: they read in English. */
	return texts[t][lang] != NULL ? texts[t][lang] : texts[t][LANG_EN];
}
