/* The public report pages' wording (see report_text.h). */
#include "api/report_text.h"

#include <stddef.h>

static const char *const texts[RT_COUNT][LANG_COUNT] = { /* sq, en, sr-Latn, tr, bs */
	[RT_EXIT] = { "Dil nga faqja", "Exit this page", "Napusti stranicu",
		"Bu sayfadan çık",
		"Napusti stranicu" },
	[RT_EXIT_HINT] = {
		"Ose shtypni tastin Shift tri herë.",
		"Or press the Shift key three times.",
		"Ili pritisnite taster Shift tri puta.",
		"Ya da Shift tuşuna üç kez basın.",
		"Ili tri puta pritisnite tipku Shift." },
	[RT_HEADING] = { "Na tregoni çfarë ndodhi", "Tell us what happened",
			 "Recite nam šta se dogodilo",
		"Bize ne olduğunu anlatın",
		"Recite nam šta se desilo" },
	[RT_INTRO] = {
		"Nuk ju duhet llogari. Të detyrueshme janë vetëm çfarë ndodhi dhe bashkia. "
		"Mund të mbeteni anonim.",
		"You do not need an account. Only what happened and the municipality are "
		"required. You may stay anonymous.",
		"Nije vam potreban nalog. Obavezni su samo šta se dogodilo i opština. "
		"Možete ostati anonimni.",
		"Hesaba ihtiyacınız yok. Yalnızca ne olduğu ve belediye zorunludur. Adınızı "
		"vermeyebilirsiniz.",
		"Nije vam potreban korisnički račun. Obavezni su samo šta se desilo i općina. "
		"Možete ostati anonimni." },
	[RT_DANGER] = {
		"Nëse jeni në rrezik tani, telefononi policinë: 129 në Shqipëri, 192 në Kosovë.",
		"If you are in danger now, call the police: 129 in Albania, 192 in Kosovo.",
		"Ako ste sada u opasnosti, pozovite policiju: 129 u Albaniji, 192 na Kosovu.",
		"Şu anda tehlikedeyseniz polisi arayın: Arnavutluk'ta 129, Kosova'da 192.",
		"Ako ste sada u opasnosti, pozovite policiju: 129 u Albaniji, 192 na Kosovu." },
	[RT_HISTORY] = {
		"Në një telefon ose kompjuter të përbashkët: përdorni një dritare private, dhe "
		"pastaj fshini këtë faqe nga historiku i shfletuesit. Kjo faqe nuk ruan asgjë në "
		"shfletues.",
		"On a shared phone or computer: use a private window, and afterwards delete this "
		"site from the browser's history. This page keeps nothing in the browser.",
		"Na zajedničkom telefonu ili računaru: koristite privatni prozor, a zatim "
		"obrišite ovu stranicu iz istorije pregledača. Ova stranica ne čuva ništa u "
		"pregledaču.",
		"Ortak kullanılan bir telefon veya bilgisayarda: gizli bir pencere kullanın ve "
		"sonra bu siteyi tarayıcının geçmişinden silin. Bu sayfa tarayıcıda hiçbir şey "
		"saklamaz.",
		"Na zajedničkom telefonu ili računaru: koristite privatni prozor, a zatim "
		"izbrišite ovu stranicu iz historije preglednika. Ova stranica ne čuva ništa u "
		"pregledniku." },
	[RT_LANGUAGE] = { "Gjuha", "Language", "Jezik",
		"Dil",
		"Jezik" },
	[RT_KIND] = { "Çfarë ndodhi?", "What happened?", "Šta se dogodilo?",
		"Ne oldu?",
		"Šta se desilo?" },
	[RT_KIND_DV] = { "Dhunë në familje", "Violence in the family", "Nasilje u porodici",
		"Aile içi şiddet",
		"Nasilje u porodici" },
	[RT_KIND_GBV] = { "Dhunë për shkak të gjinisë", "Violence because of gender",
			  "Nasilje zbog roda",
		"Cinsiyet nedeniyle şiddet",
		"Nasilje zbog spola" },
	[RT_KIND_HATE] = {
		"Incident urrejtjeje (sulm ose kërcënim për shkak të asaj që jeni)",
		"A hate incident (attacked or threatened for who you are)",
		"Incident iz mržnje (napad ili pretnja zbog toga ko ste)",
		"Bir nefret olayı (kim olduğunuz için saldırıya uğradınız veya tehdit "
		"edildiniz)",
		"Incident iz mržnje (napadnuti ste ili vam je prijećeno zbog toga ko ste)" },
	[RT_FORMS] = { "Çfarë lloj dhune?", "What kind of violence?", "Koja vrsta nasilja?",
		"Ne tür bir şiddet?",
		"Koja vrsta nasilja?" },
	[RT_BIAS] = {
		"Për një incident urrejtjeje: për shkak të çfarë?",
		"For a hate incident: because of what?",
		"Za incident iz mržnje: zbog čega?",
		"Bir nefret olayı için: ne nedeniyle?",
		"Za incident iz mržnje: zbog čega?" },
	[RT_WHEN] = { "Kur ndodhi?", "When did it happen?", "Kada se dogodilo?",
		"Ne zaman oldu?",
		"Kada se desilo?" },
	[RT_MUNICIPALITY] = { "Bashkia", "Municipality", "Opština",
		"Belediye",
		"Općina" },
	[RT_CHOOSE] = { "Zgjidhni…", "Choose…", "Izaberite…",
		"Seçin…",
		"Odaberite…" },
	[RT_PLACE] = { "Ku, më saktë?", "Where, more exactly?", "Gde, tačnije?",
		"Tam olarak nerede?",
		"Gdje, tačnije?" },
	[RT_DESCRIPTION] = { "Përshkruani çfarë ndodhi", "Describe what happened",
			     "Opišite šta se dogodilo",
		"Ne olduğunu anlatın",
		"Opišite šta se desilo" },
	[RT_REPORTER] = { "Ju jeni", "You are", "Vi ste",
		"Siz",
		"Vi ste" },
	[RT_REPORTER_VICTIM] = { "Personi të cilit i ndodhi", "The person it happened to",
				 "Osoba kojoj se to dogodilo",
		"Bunu yaşayan kişi",
		"Osoba kojoj se to desilo" },
	[RT_REPORTER_WITNESS] = { "Dëshmitar", "A witness", "Svedok",
		"Bir tanık",
		"Svjedok" },
	[RT_REPORTER_ORGANISATION] = {
		"Një organizatë që raporton në emër të dikujt",
		"An organisation reporting on someone's behalf",
		"Organizacija koja prijavljuje u nečije ime",
		"Birisi adına bildiren bir kuruluş",
		"Organizacija koja prijavljuje u nečije ime" },
	[RT_REPORTER_NONE] = { "Nuk dua ta them", "I prefer not to say", "Radije ne bih rekao/la",
		"Söylememeyi tercih ederim",
		"Radije ne bih rekao/la" },
	[RT_NAME] = { "Emri juaj", "Your name", "Vaše ime",
		"Adınız",
		"Vaše ime" },
	[RT_WANTS_CONTACT] = { "Dua të më kontaktoni", "I want to be contacted",
			       "Želim da me kontaktirate",
		"Benimle iletişime geçilmesini istiyorum",
		"Želim da me kontaktirate" },
	[RT_CONTACT] = { "Si mund t'ju kontaktojmë në mënyrë të sigurt?",
			 "How can we contact you safely?",
			 "Kako možemo bezbedno da vas kontaktiramo?",
		"Size güvenli bir şekilde nasıl ulaşabiliriz?",
		"Kako vas možemo sigurno kontaktirati?" },
	[RT_CONTACT_HINT] = {
		"Për shembull: një numër telefoni dhe orët kur është e sigurt të telefonojmë.",
		"For example: a phone number and the hours when it is safe to call.",
		"Na primer: broj telefona i sati kada je bezbedno da pozovemo.",
		"Örneğin: bir telefon numarası ve aramanın güvenli olduğu saatler.",
		"Na primjer: broj telefona i sati kada je sigurno da nazovemo." },
	[RT_HONEYPOT] = { "Lëreni këtë fushë bosh", "Leave this field empty",
			  "Ostavite ovo polje prazno",
		"Bu alanı boş bırakın",
		"Ostavite ovo polje prazno" },
	[RT_SUBMIT] = { "Dërgo raportimin", "Send the report", "Pošalji prijavu",
		"Bildirimi gönder",
		"Pošalji prijavu" },
	[RT_ERRORS] = { "Ka një problem", "There is a problem", "Postoji problem",
		"Bir sorun var",
		"Postoji problem" },
	[RT_SENT_HEADING] = { "Raportimi juaj u dërgua", "Your report was sent",
			      "Vaša prijava je poslata",
		"Bildiriminiz gönderildi",
		"Vaša prijava je poslana" },
	[RT_RECEIPT_INTRO] = {
		"Ky është kodi juaj. Shkruajeni diku të sigurt: shfaqet vetëm këtë herë. Me të "
		"mund të shihni çfarë ndodh me raportimin tuaj.",
		"This is your code. Write it down somewhere safe: it is shown only this once. "
		"With it you can see what happens to your report.",
		"Ovo je vaš kod. Zapišite ga na sigurno mesto: prikazuje se samo ovaj put. Pomoću "
		"njega možete videti šta se dešava sa vašom prijavom.",
		"Bu sizin kodunuz. Güvenli bir yere yazın: yalnızca bu kez gösterilir. Bununla "
		"bildiriminize ne olduğunu görebilirsiniz.",
		"Ovo je vaš kod. Zapišite ga na sigurno mjesto: prikazuje se samo ovaj put. "
		"Pomoću njega možete vidjeti šta se dešava s vašom prijavom." },
	[RT_STATUS_LINK] = { "Shihni gjendjen e një raportimi", "See the status of a report",
			     "Pogledajte status prijave",
		"Bir bildirimin durumunu görün",
		"Pogledajte status prijave" },
	[RT_STATUS_HEADING] = { "Gjendja e raportimit tuaj", "The status of your report",
				"Status vaše prijave",
		"Bildiriminizin durumu",
		"Status vaše prijave" },
	[RT_RECEIPT_LABEL] = { "Kodi juaj", "Your code", "Vaš kod",
		"Kodunuz",
		"Vaš kod" },
	[RT_STATUS_SUBMIT] = { "Shfaq gjendjen", "Show the status", "Prikaži status",
		"Durumu göster",
		"Prikaži status" },
	[RT_STATUS_LABEL] = { "Gjendja", "Status", "Status",
		"Durum",
		"Stanje" },
	[RT_MESSAGE_LABEL] = { "Mesazh për ju", "Message for you", "Poruka za vas",
		"Size mesaj",
		"Poruka za vas" },
	[RT_NO_MESSAGE] = { "Ende nuk ka mesazh.", "No message yet.", "Još nema poruke.",
		"Henüz mesaj yok.",
		"Još nema poruke." },
	[RT_STATUS_RECEIVED] = { "U mor", "Received", "Primljeno",
		"Alındı",
		"Primljeno" },
	[RT_STATUS_IN_PROGRESS] = { "Po trajtohet", "Being handled", "U obradi",
		"İşleniyor",
		"U obradi" },
	[RT_STATUS_REFERRED] = { "U dërgua te policia ose një institucion tjetër",
				 "Passed to the police or another institution",
				 "Prosleđeno policiji ili drugoj instituciji",
		"Polise veya başka bir kuruma iletildi",
		"Proslijeđeno policiji ili drugoj instituciji" },
	[RT_STATUS_CLOSED] = { "U mbyll", "Closed", "Zatvoreno",
		"Kapatıldı",
		"Zatvoreno" },
	[RT_NEW_REPORT] = { "Bëni një raportim", "Make a report", "Podnesite prijavu",
		"Bildirimde bulunun",
		"Podnesite prijavu" },
	[RT_OPTIONAL] = { "(jo e detyrueshme)", "(optional)", "(nije obavezno)",
		"(isteğe bağlı)",
		"(nije obavezno)" },
};

const char *
report_text(enum report_text t, enum lang lang)
{
	if ((unsigned)t >= RT_COUNT || (unsigned)lang >= LANG_COUNT)
		return "";
	return texts[t][lang] != NULL ? texts[t][lang] : texts[t][LANG_EN];
}
