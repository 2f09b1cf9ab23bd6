/* The message catalogue and Accept-Language negotiation. */
#include "core/i18n.h"
#include "core/i18n_more.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const catalogue[MSG_COUNT][LANG_COMPLETE] = {
	[MSG_TITLE_400] = { "Kërkesë e pavlefshme", "Malformed request", "Neispravan zahtev" },
	[MSG_TITLE_401] = { "Nuk jeni identifikuar", "Not signed in", "Niste prijavljeni" },
	[MSG_TITLE_403] = { "Nuk lejohet", "Not allowed", "Nije dozvoljeno" },
	[MSG_TITLE_404] = { "Nuk u gjet", "Not found", "Nije pronađeno" },
	[MSG_TITLE_405] = { "Metodë e palejuar", "Method not allowed", "Metoda nije dozvoljena" },
	[MSG_TITLE_409] = { "Veprim i palejuar në këtë gjendje", "Not allowed in the current state",
			    "Nije dozvoljeno u trenutnom stanju" },
	[MSG_TITLE_412] = { "Të dhënat janë ndryshuar nga dikush tjetër",
			    "Changed by someone else first", "Neko drugi je već izmenio podatke" },
	[MSG_TITLE_413] = { "Kërkesa është shumë e madhe", "Request too large",
			    "Zahtev je prevelik" },
	[MSG_TITLE_415] = { "Formati nuk pranohet", "Unsupported media type",
			    "Format nije podržan" },
	[MSG_TITLE_422] = { "Të dhëna të pavlefshme", "Invalid input", "Neispravni podaci" },
	[MSG_TITLE_428] = { "Mungon versioni (If-Match)", "Version required (If-Match)",
			    "Nedostaje verzija (If-Match)" },
	[MSG_TITLE_429] = { "Shumë përpjekje", "Too many attempts", "Previše pokušaja" },
	[MSG_TITLE_500] = { "Gabim i brendshëm", "Internal error", "Interna greška" },
	[MSG_TITLE_503] = { "Shërbimi nuk është i disponueshëm", "Service unavailable",
			    "Usluga nije dostupna" },

	[MSG_MALFORMED_JSON] = { "Trupi i kërkesës nuk është JSON i vlefshëm",
				 "The request body is not valid JSON",
				 "Telo zahteva nije ispravan JSON" },
	[MSG_NOT_OBJECT] = { "Trupi i kërkesës duhet të jetë një objekt JSON",
			     "The request body must be a JSON object",
			     "Telo zahteva mora biti JSON objekat" },
	[MSG_INVALID_UTF8] = { "Teksti nuk është UTF-8 i vlefshëm", "The text is not valid UTF-8",
			       "Tekst nije ispravan UTF-8" },
	[MSG_BODY_REQUIRED] = { "Kërkesa ka nevojë për një trup JSON",
				"This request needs a JSON body", "Ovaj zahtev zahteva JSON telo" },
	[MSG_BODY_TOO_LARGE] = { "Trupi i kërkesës kalon kufirin prej 1 MiB",
				 "The request body is over the 1 MiB limit",
				 "Telo zahteva prelazi ograničenje od 1 MiB" },
	[MSG_NOT_JSON] = { "Dërgoni të dhënat si application/json",
			   "Send the data as application/json", "Pošaljite podatke kao application/json" },
	[MSG_REQUIRED] = { "Fusha është e detyrueshme", "This field is required",
			   "Ovo polje je obavezno" },
	[MSG_NOT_STRING] = { "Duhet të jetë tekst", "Must be a string", "Mora biti tekst" },
	[MSG_NOT_INTEGER] = { "Duhet të jetë numër i plotë", "Must be a whole number",
			      "Mora biti ceo broj" },
	[MSG_NOT_BOOLEAN] = { "Duhet të jetë true ose false", "Must be true or false",
			      "Mora biti true ili false" },
	[MSG_NOT_ARRAY] = { "Duhet të jetë listë", "Must be a list", "Mora biti lista" },
	[MSG_TOO_LONG] = { "Është shumë i gjatë", "Is too long", "Predugačko je" },
	[MSG_TOO_SHORT] = { "Është shumë i shkurtër", "Is too short", "Prekratko je" },
	[MSG_NOT_ALLOWED_VALUE] = { "Vlerë e panjohur", "Not one of the allowed values",
				    "Nije jedna od dozvoljenih vrednosti" },
	[MSG_INVALID_DATE] = { "Datë e pavlefshme (VVVV-MM-DD)", "Not a real date (YYYY-MM-DD)",
			       "Neispravan datum (GGGG-MM-DD)" },
	[MSG_INVALID_DATETIME] = { "Kohë e pavlefshme (RFC 3339)", "Not a valid time (RFC 3339)",
				   "Neispravno vreme (RFC 3339)" },
	[MSG_OUT_OF_RANGE] = { "Jashtë kufijve të lejuar", "Out of the allowed range",
			       "Van dozvoljenog opsega" },
	[MSG_UNKNOWN_FIELD] = { "Fushë e panjohur", "Unknown field", "Nepoznato polje" },
	[MSG_NO_SUCH_OBJECT] = { "Nuk ekziston", "Does not exist", "Ne postoji" },
	[MSG_ALREADY_USED] = { "Është tashmë në përdorim", "Is already in use",
			       "Već se koristi" },
	[MSG_INVALID_ID] = { "Duhet të jetë një numër identifikues pozitiv",
			     "Must be a positive whole-number id", "Mora biti pozitivan ceo broj" },
	[MSG_INVALID_EMAIL] = { "Adresë e-maili e pavlefshme", "Not a valid e-mail address",
				"Neispravna adresa e-pošte" },
	[MSG_INVALID_USERNAME] = { "Përdorni 3 deri në 64 shkronja të vogla, shifra, . _ -",
				   "Use 3 to 64 lower-case letters, digits, . _ -",
				   "Koristite 3 do 64 mala slova, cifre, . _ -" },
	[MSG_INVALID_CODE] = { "Kodi duhet të ketë saktësisht tre shkronja",
			       "The code must be exactly three letters",
			       "Kod mora imati tačno tri slova" },
	[MSG_PASSWORD_TOO_SHORT] = { "Fjalëkalimi duhet të ketë të paktën 12 karaktere",
				     "The password needs at least 12 characters",
				     "Lozinka mora imati najmanje 12 znakova" },
	[MSG_NEEDS_INSTITUTION] = { "Ky rol kërkon një institucion", "This role needs an institution",
				    "Ova uloga zahteva instituciju" },
	[MSG_NOT_A_COORDINATOR] = { "Përdoruesi nuk ka rolin koordinator",
				    "That user is not a coordinator",
				    "Taj korisnik nije koordinator" },
	[MSG_CANNOT_CHANGE_SELF] = { "Nuk mund të çaktivizoni ose ulni rolin tuaj",
				     "You cannot disable or demote yourself",
				     "Ne možete deaktivirati ili sniziti sopstvenu ulogu" },
	[MSG_BAD_CREDENTIALS] = { "Emri i përdoruesit ose fjalëkalimi është i gabuar",
				  "Wrong username or password",
				  "Pogrešno korisničko ime ili lozinka" },
	[MSG_CSRF] = { "Mungon ose është i gabuar tokeni X-CSRF-Token",
		       "The X-CSRF-Token header is missing or wrong",
		       "Zaglavlje X-CSRF-Token nedostaje ili je pogrešno" },
	[MSG_SIGN_IN_REQUIRED] = { "Identifikohuni për të vazhduar", "Sign in to continue",
				   "Prijavite se da biste nastavili" },
	[MSG_THROTTLED] = { "Shumë përpjekje të dështuara; provoni më vonë",
			    "Too many failed attempts; try again later",
			    "Previše neuspešnih pokušaja; pokušajte kasnije" },
	[MSG_INVALID_LIMIT] = { "Duhet të jetë numër nga 1 deri në 500",
				"Must be a whole number from 1 to 500",
				"Mora biti ceo broj od 1 do 500" },
	[MSG_INVALID_CURSOR] = { "Kursor i pavlefshëm", "Not a valid cursor", "Neispravan kursor" },
	[MSG_ROUTE_NOT_FOUND] = { "Kjo adresë nuk ekziston", "There is nothing at this address",
				  "Na ovoj adresi nema ničega" },
	[MSG_NOT_FOUND] = { "Objekti nuk u gjet", "No such object", "Objekat nije pronađen" },
	[MSG_METHOD_NOT_ALLOWED] = { "Kjo adresë nuk pranon këtë metodë",
				     "This address does not accept this method",
				     "Ova adresa ne prihvata ovu metodu" },
	[MSG_FORBIDDEN] = { "Roli juaj nuk e lejon këtë veprim", "Your role does not allow this",
			    "Vaša uloga ovo ne dozvoljava" },
	[MSG_INTERNAL] = { "Ndodhi një gabim; u regjistrua me numrin e kërkesës",
			   "Something went wrong; it was logged under the request id",
			   "Došlo je do greške; zabeležena je pod brojem zahteva" },
	[MSG_UNAVAILABLE] = { "Baza e të dhënave nuk arrihet; provoni pas pak",
			      "The database cannot be reached; try again shortly",
			      "Baza podataka nije dostupna; pokušajte uskoro" },
	[MSG_DUPLICATE_ITEM] = { "Vlera përsëritet", "Listed twice", "Navedeno dvaput" },
	[MSG_IN_THE_PAST] = { "Duhet të jetë në të ardhmen", "Must be in the future",
			      "Mora biti u budućnosti" },
	[MSG_DATE_IN_FUTURE] = { "Data nuk mund të jetë në të ardhmen",
				 "The date cannot be in the future",
				 "Datum ne može biti u budućnosti" },
	[MSG_WRONG_TYPES] = { "Disa fusha kanë llojin e gabuar të vlerës",
			      "Some fields have the wrong type of value",
			      "Neka polja imaju pogrešan tip vrednosti" },
	[MSG_NOT_OBJECT_FIELD] = { "Duhet të jetë objekt", "Must be an object", "Mora biti objekat" },
	[MSG_NOT_A_MEMBER] = { "Institucioni juaj nuk është anëtar i këtij mekanizmi",
			       "Your institution is not a member of this mechanism",
			       "Vaša institucija nije član ovog mehanizma" },
	[MSG_NOT_CONSENTED] = { "Pëlqimi i të mbijetuarës nuk e mbulon këtë ndarje",
				"The survivor's consent does not cover sharing this",
				"Saglasnost preživele ne pokriva ovo deljenje" },
	[MSG_STALE_VERSION] = { "Rasti u ndryshua ndërkohë: lexojeni përsëri dhe provoni sërish",
				"The case changed since you read it: read it again and retry",
				"Slučaj je u međuvremenu izmenjen: pročitajte ga ponovo i pokušajte opet" },
	[MSG_IF_MATCH_REQUIRED] = { "Dërgoni versionin që lexuat në kokën If-Match",
				    "Send the version you read in the If-Match header",
				    "Pošaljite verziju koju ste pročitali u zaglavlju If-Match" },
	[MSG_CASE_CLOSED] = { "Rasti është mbyllur", "The case is closed", "Slučaj je zatvoren" },
	[MSG_ALREADY_PENDING] = { "Ka tashmë një transferim në pritje",
				  "A transfer is already pending",
				  "Već postoji prenos na čekanju" },
	[MSG_SAME_INSTITUTION] = { "Institucioni është tashmë pronari i rastit",
				   "The institution already owns the case",
				   "Institucija je već vlasnik slučaja" },
	[MSG_NOTHING_TO_CHANGE] = { "Asgjë për të ndryshuar", "Nothing to change",
				    "Nema ničega za izmenu" },
	[MSG_TITLE_431] = { "Kokat e kërkesës janë shumë të mëdha",
			    "Request header fields too large", "Zaglavlja zahteva su prevelika" },
	[MSG_HEADERS_TOO_LARGE] = { "Kokat e kërkesës kalojnë kufirin prej 16 KiB ose 64 fushash",
				    "The request headers are over the limit of 16 KiB or 64 fields",
				    "Zaglavlja zahteva prelaze ograničenje od 16 KiB ili 64 polja" },
	[MSG_ENCODED_PATH] = { "Shtegu nuk mund të fshehë / ose NUL si %2F ose %00",
			       "The path may not encode / or NUL (%2F, %00)",
			       "Putanja ne sme da kodira / ili NUL (%2F, %00)" },
	[MSG_AMBIGUOUS_LENGTH] = { "Gjatësia e trupit jepet më shumë se një herë",
				   "The body's length is given more than once",
				   "Dužina tela je navedena više puta" },
	[MSG_TOO_MANY_ITEMS] = { "Ka më shumë elemente se sa lejohen",
				 "Has more items than allowed", "Ima više stavki nego što je dozvoljeno" },
	[MSG_STORAGE_FULL] = { "Baza e të dhënave është plot; provoni përsëri më vonë",
			       "The database is full; try again later",
			       "Baza podataka je puna; pokušajte ponovo kasnije" },
	[MSG_BUSY] = { "Serveri është i zënë; provoni përsëri pas pak",
		       "The server is busy; try again shortly",
		       "Server je zauzet; pokušajte ponovo uskoro" },

	[MSG_JSON_NUL] = { "Teksti nuk mund të përmbajë karakterin U+0000",
			   "Text may not contain the character U+0000",
			   "Tekst ne sme da sadrži znak U+0000" },
	[MSG_JSON_NUMBER_RANGE] = {
		"Numri është shumë i madh: numrat e plotë shkojnë nga -9223372036854775808 deri në "
		"9223372036854775807",
		"The number is too large: whole numbers go from -9223372036854775808 to "
		"9223372036854775807",
		"Broj je prevelik: celi brojevi idu od -9223372036854775808 do 9223372036854775807" },
	[MSG_JSON_DUPLICATE_KEY] = { "Një çelës përsëritet në të njëjtin objekt JSON",
				     "A key appears twice in the same JSON object",
				     "Ključ se ponavlja u istom JSON objektu" },
	[MSG_JSON_TOO_DEEP] = { "JSON-i është i përfshirë shumë thellë",
				"The JSON is nested too deeply",
				"JSON je previše duboko ugnježden" },
	[MSG_BEARER_NOT_SESSION] = {
		"Jeni identifikuar me një token API, jo me një seancë: revokojeni tokenin me "
		"DELETE /api/v1/tokens/{id}",
		"You are signed in with an API token, not a session: revoke the token with "
		"DELETE /api/v1/tokens/{id}",
		"Prijavljeni ste API tokenom, a ne sesijom: opozovite token sa "
		"DELETE /api/v1/tokens/{id}" },
	[MSG_NOTIFY_EMERGENCY_ACCESS] = { "{institution} hapi qasje emergjente në rastin {case}",
					  "{institution} opened emergency access to case {case}",
					  "{institution} je otvorila hitan pristup slučaju {case}" },
	[MSG_NOTIFY_TRANSFER_REQUESTED] = { "{institution} po ju transferon rastin {case}",
					    "{institution} is transferring case {case} to you",
					    "{institution} vam prenosi slučaj {case}" },
	[MSG_NOTIFY_TRANSFER_ACCEPTED] = { "{institution} pranoi transferimin e rastit {case}",
					   "{institution} accepted the transfer of case {case}",
					   "{institution} je prihvatila prenos slučaja {case}" },
	[MSG_NOTIFY_TRANSFER_DECLINED] = { "{institution} refuzoi transferimin e rastit {case}",
					   "{institution} declined the transfer of case {case}",
					   "{institution} je odbila prenos slučaja {case}" },
	[MSG_NOTIFY_REFERRAL_RECEIVED] = { "Referim i ri nga {institution} për rastin {case}",
					   "New referral from {institution} for case {case}",
					   "Novo upućivanje od {institution} za slučaj {case}" },
	[MSG_NOTIFY_REFERRAL_ACCEPTED] = { "{institution} pranoi referimin e rastit {case}",
					   "{institution} accepted the referral of case {case}",
					   "{institution} je prihvatila upućivanje slučaja {case}" },
	[MSG_NOTIFY_REFERRAL_DECLINED] = { "{institution} refuzoi referimin e rastit {case}",
					   "{institution} declined the referral of case {case}",
					   "{institution} je odbila upućivanje slučaja {case}" },
	[MSG_NOTIFY_REFERRAL_OVERDUE] = { "Referimi i rastit {case} nuk mori përgjigje në afat",
					  "The referral of case {case} was not answered in time",
					  "Na upućivanje slučaja {case} nije odgovoreno na vreme" },
	[MSG_NOTIFY_HIGH_RISK] = { "Rasti {case} u vlerësua me rrezik të lartë",
				   "Case {case} was assessed at high risk",
				   "Slučaj {case} je procenjen kao visokorizičan" },
	[MSG_NOTIFY_REVIEW_DUE] = { "Rishikimi i rrezikut për rastin {case} ka mbërritur",
				    "The risk review of case {case} is due",
				    "Preispitivanje rizika za slučaj {case} je na redu" },
	[MSG_NOTIFY_ORDER_DECISION_OVERDUE] = { "Urdhri i mbrojtjes në rastin {case} pret ende vendim",
						"The protection order in case {case} is still "
						"awaiting a decision",
						"Nalog za zaštitu u slučaju {case} još čeka odluku" },
	[MSG_NOTIFY_ORDER_EXPIRING] = { "Urdhri i mbrojtjes në rastin {case} skadon së shpejti",
					"The protection order in case {case} expires soon",
					"Nalog za zaštitu u slučaju {case} uskoro ističe" },
	[MSG_NOTIFY_ORDER_BREACH] = { "U shkel urdhri i mbrojtjes në rastin {case}",
				      "The protection order in case {case} was breached",
				      "Nalog za zaštitu u slučaju {case} je prekršen" },
	[MSG_NOTIFY_ACTION_OVERDUE] = { "Një veprim i planit të rastit {case} ka kaluar afatin",
					"An action in the plan of case {case} is overdue",
					"Radnja iz plana slučaja {case} je prekoračila rok" },
	[MSG_NOTIFY_MEETING_REQUESTED] = { "{institution} kërkon një mbledhje të jashtëzakonshme",
					   "{institution} asks for an ad hoc meeting",
					   "{institution} traži vanredni sastanak" },
	[MSG_NOTIFY_QUARTER_WITHOUT_MEETING] = { "Tremujori po mbaron pa mbledhje të rregullt",
						 "The quarter is ending without a regular meeting",
						 "Kvartal se završava bez redovnog sastanka" },
	[MSG_EMERGENCY_NOT_ALLOWED] = { "Emergjenca lejohet vetëm për rrezik të lartë ose të "
					"menjëhershëm",
					"An emergency basis needs high or extreme risk, or imminent "
					"danger",
					"Hitan osnov zahteva visok rizik ili neposrednu opasnost" },
	[MSG_KIND_MISMATCH] = { "Lloji i rastit nuk përputhet me mekanizmin",
				"The case's kind does not match the mechanism's",
				"Vrsta slučaja ne odgovara mehanizmu" },
	[MSG_INVALID_CHARACTERS] = { "Përmban karaktere të palejuara",
				     "Contains characters that are not allowed",
				     "Sadrži nedozvoljene znakove" },

	/* the browser UI's needs */
	[MSG_UNKNOWN_PARAMETER] = { "Parametër i panjohur i kërkesës", "Unknown query parameter",
				    "Nepoznat parametar upita" },
	[MSG_NOT_OWNER_STAFF] = { "Nuk është punonjës aktiv i institucionit që ka rastin",
				  "Not active staff of the institution that owns the case",
				  "Nije aktivan zaposleni institucije koja vodi slučaj" },
	[MSG_SERVICE_NOT_OFFERED] = { "Institucioni nuk e ofron këtë shërbim",
				      "The institution does not offer this service",
				      "Institucija ne pruža ovu uslugu" },
	[MSG_SEARCH_ONE_WAY] = { "Kërkoni me emër e mbiemër ose me numër personal, jo me të dyja",
				 "Search by name or by personal number, not both",
				 "Tražite po imenu i prezimenu ili po ličnom broju, ne po oba" },
	[MSG_INVALID_PERSONAL_NUMBER] = { "Nga 1 deri në 20 shkronja latine ose shifra",
					  "1 to 20 Latin letters or digits",
					  "Od 1 do 20 latiničnih slova ili cifara" },
	[MSG_NOTIFY_CASE_ASSIGNED] = { "Rasti {case} ju është caktuar juve",
				       "Case {case} has been assigned to you",
				       "Slučaj {case} vam je dodeljen" },
	/* accounts and sign-in */
	[MSG_TOTP_REQUIRED] = { "Shkruani kodin nga aplikacioni i vërtetimit",
				"Enter the code from your authenticator app",
				"Unesite kod iz aplikacije za autentifikaciju" },
	[MSG_TOTP_WRONG] = { "Kodi është i gabuar ose është përdorur tashmë",
			     "The code is wrong or has already been used",
			     "Kod je pogrešan ili je već iskorišćen" },
	[MSG_TOTP_ENROLMENT_REQUIRED] = {
		"Roli juaj kërkon verifikim me dy hapa: konfigurojeni para se të vazhdoni",
		"Your role requires two-step verification: set it up before you continue",
		"Vaša uloga zahteva verifikaciju u dva koraka: podesite je pre nego što nastavite" },
	[MSG_TOTP_REQUIRED_FOR_ROLE] = {
		"Roli juaj kërkon verifikim me dy hapa; nuk mund të çaktivizohet",
		"Your role requires two-step verification; it cannot be turned off",
		"Vaša uloga zahteva verifikaciju u dva koraka; ne može se isključiti" },
	[MSG_TOTP_ALREADY_ENABLED] = {
		"Verifikimi me dy hapa është tashmë aktiv; çaktivizojeni së pari",
		"Two-step verification is already on; turn it off first",
		"Verifikacija u dva koraka je već uključena; prvo je isključite" },
	[MSG_TOTP_NOT_PENDING] = { "Filloni së pari konfigurimin e verifikimit me dy hapa",
				   "Start setting up two-step verification first",
				   "Prvo započnite podešavanje verifikacije u dva koraka" },
	[MSG_TOTP_NOT_ENABLED] = { "Verifikimi me dy hapa nuk është aktiv",
				   "Two-step verification is not on",
				   "Verifikacija u dva koraka nije uključena" },
	[MSG_WRONG_PASSWORD] = { "Fjalëkalimi aktual është i gabuar",
				 "The current password is wrong", "Trenutna lozinka je pogrešna" },
	[MSG_SESSION_REQUIRED] = {
		"Këtë mund ta bëni vetëm të identifikuar me fjalëkalim, jo me token API",
		"Only a signed-in session can do this, not an API token",
		"Ovo može samo prijavljena sesija, ne API token" },
	[MSG_BREAK_GLASS_LIMIT] = {
		"Shumë qasje emergjente në orën e fundit; menaxherët e institucionit pronar dhe "
		"auditori u njoftuan",
		"Too many emergency accesses in the last hour; the owner institution's managers and "
		"the auditor have been told",
		"Previše hitnih pristupa u poslednjem satu; rukovodioci institucije vlasnika i "
		"revizor su obavešteni" },
	[MSG_NOTIFY_STAFF_ACCOUNT_ADDED] = { "Një llogari e re stafi u shtua në {institution}",
					     "A new staff account was added to {institution}",
					     "Novi nalog osoblja je dodat u {institution}" },
	[MSG_NOTIFY_STAFF_PASSWORD_RESET] = {
		"Një administrator rivendosi fjalëkalimin e një llogarie stafi të {institution}",
		"An administrator reset the password of a staff account of {institution}",
		"Administrator je resetovao lozinku naloga osoblja u {institution}" },
	[MSG_NOTIFY_EMERGENCY_ACCESS_REFUSED] = {
		"Qasja emergjente në rastin {case} u refuzua: një përdorues i {institution} arriti "
		"kufirin për orë",
		"Emergency access to case {case} refused: a user of {institution} reached the hourly "
		"limit",
		"Hitan pristup predmetu {case} odbijen: korisnik iz {institution} je dostigao "
		"ograničenje po satu" },
	/* the coordination, national and audit screens (issue 13) */
	[MSG_MEETING_NOT_YET_HELD] = {
		"Mbledhja nuk mund të shënohet e mbajtur para kohës së caktuar",
		"A meeting cannot be marked held before its scheduled time",
		"Sastanak ne može biti označen kao održan pre zakazanog vremena" },
	[MSG_REQUEST_ALREADY_ANSWERED] = { "Kërkesës i është dhënë përgjigje tashmë",
					   "The request has already been answered",
					   "Na zahtev je već odgovoreno" },
	[MSG_NOT_A_SCHEDULED_MEETING] = {
		"Nuk është një mbledhje e planifikuar e këtij mekanizmi",
		"Not a scheduled meeting of this mechanism",
		"Nije zakazani sastanak ovog mehanizma" },
	[MSG_NOTIFY_MEETING_REQUEST_ANSWERED] = {
		"Kërkesa juaj për një mbledhje të jashtëzakonshme mori përgjigje",
		"Your request for an ad hoc meeting was answered",
		"Vaš zahtev za vanredni sastanak je dobio odgovor" },
	[MSG_SUPPRESSED_NOTE] = {
		"Numrat nga 1 deri në 4 fshihen dhe, kur duhet, fshihet edhe një numër tjetër i së "
		"njëjtës kolonë (që mund të jetë i madh), që asnjëri të mos nxirret nga totali dhe "
		"askush të mos njihet.",
		"Counts from 1 to 4 are hidden and, where needed, one more count of the same column "
		"(which may be large), so that none can be worked out from the total and nobody can "
		"be recognised.",
		"Brojevi od 1 do 4 su skriveni i, gde je potrebno, još jedan broj iste kolone (koji "
		"može biti velik), da se nijedan ne bi mogao izračunati iz zbira i da niko ne bi "
		"mogao biti prepoznat." },
	/* reports without an account and their intake (issue 14) */
	[MSG_BIAS_ONLY_HATE] = {
		"Motivet e paragjykimit jepen vetëm për një incident urrejtjeje",
		"Bias motivations belong to a hate incident only",
		"Motivi predrasuda navode se samo za incident iz mržnje" },
	[MSG_CONTACT_NOT_WANTED] = {
		"Mënyra e kontaktit ruhet vetëm nëse doni të kontaktoheni",
		"A way to contact you is kept only if you want to be contacted",
		"Način kontakta se čuva samo ako želite da vas kontaktiramo" },
	[MSG_FORM_EXPIRED] = {
		"Formulari ka skaduar: hapeni përsëri dhe dërgojeni",
		"The form has expired: open it again and send it",
		"Obrazac je istekao: otvorite ga ponovo i pošaljite" },
	[MSG_LEAVE_EMPTY] = {
		"Lëreni këtë fushë bosh",
		"Leave this field empty",
		"Ostavite ovo polje prazno" },
	[MSG_NO_MECHANISM_HERE] = {
		"Në këtë bashki nuk ka ende një mekanizëm që pranon raportime",
		"No mechanism in this municipality takes reports yet",
		"U ovoj opštini još nema mehanizma koji prima prijave" },
	[MSG_RECEIPT_UNKNOWN] = {
		"Asnjë raportim nuk ka këtë kod",
		"No report has this code",
		"Nijedna prijava nema ovaj kod" },
	[MSG_REPORTS_THROTTLED] = {
		"Shumë raportime nga kjo adresë: provoni përsëri më vonë",
		"Too many reports from this address: try again later",
		"Previše prijava sa ove adrese: pokušajte ponovo kasnije" },
	[MSG_NOT_JSON_OR_FORM] = {
		"Trupi duhet të jetë JSON ose një formular (application/x-www-form-urlencoded)",
		"The body must be JSON or a form (application/x-www-form-urlencoded)",
		"Telo mora biti JSON ili obrazac (application/x-www-form-urlencoded)" },
	/* intake triage and third-party reports by CSOs (issue 14) */
	[MSG_CONSENT_OR_ANONYMISED] = {
		"Regjistroni pëlqimin e viktimës ose shënojeni raportimin si anonim (njërën nga të dyja)",
		"Record the victim's consent or make the report anonymised (one of the two)",
		"Zabeležite pristanak žrtve ili označite prijavu kao anonimnu (jedno od dva)" },
	[MSG_ANONYMISED_NO_PERSON] = {
		"Një raportim anonim nuk mban as emër as kontakt",
		"An anonymised report keeps no name and no contact",
		"Anonimna prijava ne čuva ni ime ni kontakt" },
	[MSG_NOT_A_CSO] = {
		"Vetëm stafi i një organizate të shoqërisë civile raporton në emër të dikujt",
		"Only the staff of a civil-society organisation report on someone's behalf",
		"Samo osoblje organizacije civilnog društva prijavljuje u nečije ime" },
	[MSG_INTAKE_DONE] = {
		"Ky raportim është trajtuar tashmë",
		"This report has already been triaged",
		"Ova prijava je već obrađena" },
	[MSG_INTAKE_NOT_HELD] = {
		"Vetëm një raportim që e mban organizata juaj mund t'i kalohet policisë",
		"Only a report your organisation holds can be passed to the police",
		"Samo prijava koju drži vaša organizacija može se proslediti policiji" },
	[MSG_NOT_POLICE] = {
		"Zgjidhni një institucion policie",
		"Choose a police institution",
		"Izaberite policijsku instituciju" },
	[MSG_NOTIFY_INTAKE_OVERDUE] = {
		"Një raportim pret trajtim përtej afatit",
		"A report is waiting for triage past its deadline",
		"Prijava čeka obradu posle roka" },
	[MSG_INTAKE_CASE_STAFF] = {
		"Vetëm punonjësit e rasteve dhe drejtuesit hapin raste",
		"Only caseworkers and managers open cases",
		"Samo socijalni radnici i rukovodioci otvaraju slučajeve" },
	[MSG_NOTIFY_INTAKE_REFERRED] = {
		"Një raportim iu kalua institucionit tuaj për trajtim",
		"A report was passed to your institution for triage",
		"Prijava je prosleđena vašoj instituciji na obradu" },
	[MSG_OUTCOME_NOT_YOURS] = {
		"Institucioni juaj nuk e regjistron këtë: policia regjistron kallëzimin dhe "
		"hetimin, prokuroria ndjekjen penale",
		"Your institution does not record this: the police record the report and the "
		"investigation, the prosecution the prosecution",
		"Vaša institucija ovo ne beleži: policija beleži prijavu i istragu, tužilaštvo "
		"krivično gonjenje" },
	[MSG_NOT_HATE_CRIME] = {
		"Ky rezultat regjistrohet vetëm për rastet e krimit nga urrejtja",
		"This outcome is recorded on hate-crime cases only",
		"Ovaj ishod se beleži samo za slučajeve zločina iz mržnje" },
	[MSG_DATE_WITHOUT_YES] = {
		"Data jepet vetëm kur përgjigjja është po",
		"A date is given only with a yes",
		"Datum se navodi samo uz odgovor da" },
	[MSG_FEEDBACK_CSO_ONLY] = {
		"Vetëm stafi i një organizate të shoqërisë civile jep vlerësim për policinë",
		"Only the staff of a civil society organisation give feedback on the police",
		"Samo osoblje organizacije civilnog društva daje ocenu rada policije" },
	[MSG_INVALID_OPENING_HOURS] = {
		"Shkruajeni si \"Mo-Fr 08:00-16:00; Sa 09:00-13:00\" ose \"24/7\"",
		"Write them like \"Mo-Fr 08:00-16:00; Sa 09:00-13:00\" or \"24/7\"",
		"Napišite ga kao \"Mo-Fr 08:00-16:00; Sa 09:00-13:00\" ili \"24/7\"" },
	[MSG_INVALID_POSTAL_CODE] = {
		"Kodi postar ka vetëm shifra, shkronja, hapësira ose viza",
		"A postal code has only digits, letters, spaces or hyphens",
		"Poštanski broj sadrži samo cifre, slova, razmake ili crtice" },
	/* reintegration (issue 14) */
	[MSG_NOT_REINTEGRATION] = {
		"Vetëm një rast riintegrimi ka datë lirimi dhe plan para lirimit",
		"Only a reintegration case has a release date and a pre-release plan",
		"Samo slučaj reintegracije ima datum puštanja i plan pre puštanja" },
	[MSG_NOT_VE_VARIANT] = {
		"Lista e nevojave i përket variantit për ekstremizmin e dhunshëm",
		"The needs checklist belongs to the violent-extremism variant",
		"Lista potreba pripada varijanti za nasilni ekstremizam" },
	[MSG_UNKNOWN_ITEM] = { "Kjo pyetje nuk është në listë", "This item is not in the checklist",
			       "Ova stavka nije na listi" },
	[MSG_NO_RELEASE] = { "Rasti nuk ka ende datë lirimi", "The case has no release date yet",
			     "Slučaj još nema datum puštanja" },
	[MSG_NOTIFY_REINTEGRATION_TASK_DUE] = {
		"Një detyrë para lirimit e rastit {case} afrohet afati",
		"A pre-release task of case {case} is due soon",
		"Zadatak pre puštanja u slučaju {case} uskoro dospeva" },
	[MSG_NOTIFY_REINTEGRATION_TASK_OVERDUE] = {
		"Një detyrë para lirimit e rastit {case} ka kaluar afatin",
		"A pre-release task of case {case} is overdue",
		"Zadatak pre puštanja u slučaju {case} je prekoračio rok" },

	[MSG_SAR_NOT_ALLOWED] = {
		"Të dhënat e një personi i nxjerr menaxheri i institucionit që drejton rastin, "
		"ose zyrtari për mbrojtjen e të dhënave",
		"A person's data is exported by a manager of the institution that leads the case, "
		"or by the data-protection officer",
		"Podatke osobe izvozi rukovodilac institucije koja vodi slučaj ili službenik za "
		"zaštitu podataka" },
	[MSG_SAR_NOT_ONE_PERSON] = {
		"Rastet nuk janë të të njëjtit person (emrat dhe datëlindja ndryshojnë)",
		"The cases are not of one person (their names and birth date differ)",
		"Slučajevi nisu iste osobe (imena i datum rođenja se razlikuju)" },
	[MSG_PROCESSING_RECORD_ROLE] = {
		"Regjistrin e përpunimit e lexojnë zyrtari për mbrojtjen e të dhënave dhe "
		"administratori",
		"The record of processing is read by the data-protection officer and the "
		"administrator",
		"Evidenciju obrade čitaju službenik za zaštitu podataka i administrator" },
	[MSG_MUST_BE_ONE_OF] = { "Duhet të jetë një nga", "Must be one of",
				 "Mora biti jedno od" },
	[MSG_ATTACHMENT_FILE_TOO_LARGE] = {
		"Skedari kalon {limit} MiB, kufirin për një skedar (attachments.max_file_mb)",
		"The file is larger than {limit} MiB, the limit for one file "
		"(attachments.max_file_mb)",
		"Datoteka je veća od {limit} MiB, granice za jednu datoteku "
		"(attachments.max_file_mb)" },
	[MSG_ATTACHMENT_CASE_FULL] = {
		"Me këtë skedar bashkëngjitjet e rastit kalojnë {limit} MiB, kufirin për një rast "
		"(attachments.max_case_mb)",
		"With this file the case's attachments would pass {limit} MiB, the limit for one "
		"case (attachments.max_case_mb)",
		"Sa ovom datotekom prilozi slučaja bi prešli {limit} MiB, granicu za jedan slučaj "
		"(attachments.max_case_mb)" },
	[MSG_ATTACHMENT_TYPE] = {
		"Mund të bashkëngjiten vetëm skedarë PDF, JPEG, PNG, tekst i thjeshtë (UTF-8), DOCX "
		"dhe ODT",
		"Only PDF, JPEG, PNG, plain text (UTF-8), DOCX and ODT files can be attached",
		"Mogu se priložiti samo PDF, JPEG, PNG, običan tekst (UTF-8), DOCX i ODT datoteke" },
	[MSG_ATTACHMENT_BODY_TYPE] = {
		"Dërgoni bajtet e skedarit si trup (application/octet-stream), jo një formular",
		"Send the file's bytes as the body (application/octet-stream), not a form",
		"Pošaljite bajtove datoteke kao telo (application/octet-stream), ne formular" },
	[MSG_ATTACHMENT_EMPTY] = { "Skedari është bosh", "The file is empty", "Datoteka je prazna" },
	[MSG_ATTACHMENT_CATEGORY_NOT_ALLOWED] = {
		"Nuk mund të bashkëngjitni një dokument të kësaj kategorie këtu",
		"You may not attach a document of this category here",
		"Ovde ne možete priložiti dokument ove kategorije" },
	/* retention, erasure and legal hold (issue 16) */
	[MSG_CASE_ANONYMISED] = {
		"Rasti është anonimizuar sipas rregullave të ruajtjes",
		"The case was anonymised under the retention rules",
		"Slučaj je anonimizovan po pravilima čuvanja" },
	[MSG_HOLD_ACTIVE] = { "Rasti është tashmë nën mbajtje ligjore",
			      "The case is already under a legal hold",
			      "Slučaj je već pod zakonskim zadržavanjem" },
	[MSG_HOLD_NONE] = { "Rasti nuk është nën mbajtje ligjore",
			    "The case is not under a legal hold",
			    "Slučaj nije pod zakonskim zadržavanjem" },
	[MSG_NOTIFY_RETENTION_DUE] = {
		"Disa raste kanë kaluar afatin e ruajtjes: lista pret konfirmimin tuaj",
		"Cases have passed their retention period: the list waits for your confirmation",
		"Neki slučajevi su prešli rok čuvanja: spisak čeka vašu potvrdu" },
};

/* tr and bs: one array each, a NULL where no translation is written yet. */
static const char *const *const more[LANG_COUNT] = { [LANG_TR] = i18n_tr, [LANG_BS] = i18n_bs };

static const char *
own_text(enum msg msg, enum lang lang)
{
	if ((unsigned)msg >= MSG_COUNT || (unsigned)lang >= LANG_COUNT)
		return NULL;
	return lang < LANG_COMPLETE ? catalogue[msg][lang] : more[lang][msg];
}

const char *
i18n_text(enum msg msg, enum lang lang)
{
	const char *s;

	if ((unsigned)msg >= MSG_COUNT || (unsigned)lang >= LANG_COUNT)
		return "";
	s = own_text(msg, lang);
	return s != NULL ? s : catalogue[msg][LANG_EN];
}

bool
i18n_translated(enum msg msg, enum lang lang)
{
	return own_text(msg, lang) != NULL;
}

static const char *const tags[LANG_COUNT] = { "sq", "en", "sr-Latn", "tr", "bs" };

const char *
lang_tag(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? tags[lang] : "sq";
}

int
lang_of_tag(const char *tag)
{
	for (int l = 0; tag != NULL && l < LANG_COUNT; l++)
		if (strcmp(tag, tags[l]) == 0)
			return l;
	return -1;
}

/* The primary subtag of a language range ("bs" of "bs-Latn-BA") is `code`. */
static bool
primary_is(const char *range, size_t len, const char *code)
{
	size_t n = strlen(code);

	return len >= n && strncasecmp(range, code, n) == 0 && (len == n || range[n] == '-');
}

/* Matches one language range ("sr-Latn", "en-GB", "tr-TR", "*") to a language we speak. */
static int
lang_match(const char *range, size_t len)
{
	if (primary_is(range, len, "sq"))
		return LANG_SQ;
	if (primary_is(range, len, "en"))
		return LANG_EN;
	/* Serbian in Kosovo is written in Latin script; Cyrillic requests still get Latin. */
	if (primary_is(range, len, "sr"))
		return LANG_SR_LATN;
	if (primary_is(range, len, "tr"))
		return LANG_TR;
	/* Bosnian is written in Latin script in Kosovo; "bs-Cyrl" still gets the Latin text. */
	if (primary_is(range, len, "bs"))
		return LANG_BS;
	return -1;
}

enum lang
lang_from_accept_language(const char *header)
{
	int best = LANG_SQ;
	double best_q = -1.0;
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ','), *semi;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		double q = 1.0;
		int match;

		while (len > 0 && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		semi = memchr(p, ';', len);
		if (semi != NULL) {
			const char *qs = strstr(semi, "q=");
			if (qs != NULL && qs < p + len)
				q = strtod(qs + 2, NULL);
			len = (size_t)(semi - p);
		}
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		match = lang_match(p, len);
		if (match >= 0 && q > best_q && q > 0) {
			best = match;
			best_q = q;
		}
		p = end ? end + 1 : NULL;
	}
	return (enum lang)best;
}
