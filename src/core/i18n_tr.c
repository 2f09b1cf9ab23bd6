/*
 * Turkish wordings of the server's messages (issue 16). A message without an entry here reads
 * in English; tests/unit/test_i18n.c counts them.
 */
#include "core/i18n_more.h"

const char *const i18n_tr[MSG_COUNT] = {
	[MSG_TITLE_400] = "Hatalı istek",
	[MSG_TITLE_401] = "Oturum açılmadı",
	[MSG_TITLE_403] = "İzin verilmiyor",
	[MSG_TITLE_404] = "Bulunamadı",
	[MSG_TITLE_405] = "Yönteme izin verilmiyor",
	[MSG_TITLE_409] = "Mevcut durumda izin verilmiyor",
	[MSG_TITLE_412] = "Başka biri daha önce değiştirdi",
	[MSG_TITLE_413] = "İstek çok büyük",
	[MSG_TITLE_415] = "Desteklenmeyen biçim",
	[MSG_TITLE_422] = "Geçersiz veri",
	[MSG_TITLE_428] = "Sürüm gerekli (If-Match)",
	[MSG_TITLE_429] = "Çok fazla deneme",
	[MSG_TITLE_431] = "İstek başlıkları çok büyük",
	[MSG_TITLE_500] = "İç hata",
	[MSG_TITLE_503] = "Hizmet kullanılamıyor",

	[MSG_MALFORMED_JSON] = "İsteğin gövdesi geçerli bir JSON değil",
	[MSG_NOT_OBJECT] = "İsteğin gövdesi bir JSON nesnesi olmalıdır",
	[MSG_INVALID_UTF8] = "Metin geçerli UTF-8 değil",
	[MSG_BODY_REQUIRED] = "Bu istek bir JSON gövdesi gerektirir",
	[MSG_BODY_TOO_LARGE] = "İsteğin gövdesi 1 MiB sınırını aşıyor",
	[MSG_NOT_JSON] = "Verileri application/json olarak gönderin",
	[MSG_REQUIRED] = "Bu alan zorunludur",
	[MSG_NOT_STRING] = "Metin olmalıdır",
	[MSG_NOT_INTEGER] = "Tam sayı olmalıdır",
	[MSG_NOT_BOOLEAN] = "true veya false olmalıdır",
	[MSG_NOT_ARRAY] = "Liste olmalıdır",
	[MSG_TOO_LONG] = "Çok uzun",
	[MSG_TOO_SHORT] = "Çok kısa",
	[MSG_NOT_ALLOWED_VALUE] = "İzin verilen değerlerden biri değil",
	[MSG_INVALID_DATE] = "Geçersiz tarih (YYYY-AA-GG)",
	[MSG_INVALID_DATETIME] = "Geçersiz zaman (RFC 3339)",
	[MSG_OUT_OF_RANGE] = "İzin verilen aralığın dışında",
	[MSG_UNKNOWN_FIELD] = "Bilinmeyen alan",
	[MSG_NO_SUCH_OBJECT] = "Mevcut değil",
	[MSG_ALREADY_USED] = "Zaten kullanılıyor",
	[MSG_INVALID_ID] = "Pozitif bir tam sayı kimlik olmalıdır",
	[MSG_INVALID_EMAIL] = "Geçerli bir e-posta adresi değil",
	[MSG_INVALID_USERNAME] = "3 ile 64 arası küçük harf, rakam, . _ - kullanın",
	[MSG_INVALID_CODE] = "Kod tam olarak üç harften oluşmalıdır",
	[MSG_PASSWORD_TOO_SHORT] = "Parola en az 12 karakter olmalıdır",
	[MSG_NEEDS_INSTITUTION] = "Bu rol bir kurum gerektirir",
	[MSG_NOT_A_COORDINATOR] = "Bu kullanıcı koordinatör değil",
	[MSG_CANNOT_CHANGE_SELF] = "Kendinizi devre dışı bırakamaz veya rolünüzü düşüremezsiniz",
	[MSG_BAD_CREDENTIALS] = "Kullanıcı adı veya parola yanlış",
	[MSG_CSRF] = "X-CSRF-Token başlığı eksik veya yanlış",
	[MSG_SIGN_IN_REQUIRED] = "Devam etmek için oturum açın",
	[MSG_THROTTLED] = "Çok fazla başarısız deneme; daha sonra tekrar deneyin",
	[MSG_INVALID_LIMIT] = "1 ile 500 arasında bir tam sayı olmalıdır",
	[MSG_INVALID_CURSOR] = "Geçerli bir imleç değil",
	[MSG_ROUTE_NOT_FOUND] = "Bu adreste hiçbir şey yok",
	[MSG_NOT_FOUND] = "Böyle bir kayıt yok",
	[MSG_METHOD_NOT_ALLOWED] = "Bu adres bu yöntemi kabul etmiyor",
	[MSG_FORBIDDEN] = "Rolünüz buna izin vermiyor",
	[MSG_INTERNAL] = "Bir hata oluştu; istek numarasıyla kaydedildi",
	[MSG_UNAVAILABLE] = "Veritabanına ulaşılamıyor; birazdan tekrar deneyin",
	[MSG_DUPLICATE_ITEM] = "İki kez yazılmış",
	[MSG_IN_THE_PAST] = "Gelecekte olmalıdır",
	[MSG_DATE_IN_FUTURE] = "Tarih gelecekte olamaz",
	[MSG_WRONG_TYPES] = "Bazı alanların değer türü yanlış",
	[MSG_NOT_OBJECT_FIELD] = "Nesne olmalıdır",
	[MSG_NOT_A_MEMBER] = "Kurumunuz bu mekanizmanın üyesi değil",
	[MSG_NOT_CONSENTED] = "Mağdurun onayı bunun paylaşılmasını kapsamıyor",
	[MSG_STALE_VERSION] = "Vaka siz okuduktan sonra değişti: yeniden okuyup tekrar deneyin",
	[MSG_IF_MATCH_REQUIRED] = "Okuduğunuz sürümü If-Match başlığında gönderin",
	[MSG_CASE_CLOSED] = "Vaka kapalı",
	[MSG_ALREADY_PENDING] = "Bekleyen bir devir zaten var",
	[MSG_SAME_INSTITUTION] = "Vaka zaten bu kurumda",
	[MSG_NOTHING_TO_CHANGE] = "Değiştirilecek bir şey yok",
	[MSG_HEADERS_TOO_LARGE] = "İstek başlıkları 16 KiB veya 64 alan sınırını aşıyor",
	[MSG_TOO_MANY_ITEMS] = "İzin verilenden fazla öğe içeriyor",
	[MSG_STORAGE_FULL] = "Veritabanı dolu; daha sonra tekrar deneyin",
	[MSG_BUSY] = "Sunucu meşgul; birazdan tekrar deneyin",
	[MSG_JSON_DUPLICATE_KEY] = "Aynı JSON nesnesinde bir anahtar iki kez geçiyor",
	[MSG_JSON_TOO_DEEP] = "JSON çok derin iç içe geçmiş",

	[MSG_NOTIFY_EMERGENCY_ACCESS] = "{institution}, {case} vakasına acil erişim açtı",
	[MSG_NOTIFY_TRANSFER_REQUESTED] = "{institution}, {case} vakasını size devrediyor",
	[MSG_NOTIFY_TRANSFER_ACCEPTED] = "{institution}, {case} vakasının devrini kabul etti",
	[MSG_NOTIFY_TRANSFER_DECLINED] = "{institution}, {case} vakasının devrini reddetti",
	[MSG_NOTIFY_REFERRAL_RECEIVED] = "{institution} kurumundan {case} vakası için yeni "
					 "yönlendirme",
	[MSG_NOTIFY_REFERRAL_ACCEPTED] = "{institution}, {case} vakasının yönlendirmesini kabul "
					 "etti",
	[MSG_NOTIFY_REFERRAL_DECLINED] = "{institution}, {case} vakasının yönlendirmesini reddetti",
	[MSG_NOTIFY_REFERRAL_OVERDUE] = "{case} vakasının yönlendirmesi zamanında yanıtlanmadı",
	[MSG_NOTIFY_HIGH_RISK] = "{case} vakası yüksek riskli olarak değerlendirildi",
	[MSG_NOTIFY_REVIEW_DUE] = "{case} vakasının risk gözden geçirmesinin zamanı geldi",
	[MSG_NOTIFY_ORDER_EXPIRING] = "{case} vakasındaki koruma kararının süresi yakında doluyor",
	[MSG_NOTIFY_ORDER_BREACH] = "{case} vakasındaki koruma kararı ihlal edildi",
	[MSG_NOTIFY_ACTION_OVERDUE] = "{case} vakasının planındaki bir eylemin süresi geçti",
	[MSG_NOTIFY_MEETING_REQUESTED] = "{institution} olağanüstü bir toplantı istiyor",
	[MSG_NOTIFY_CASE_ASSIGNED] = "{case} vakası size atandı",

	[MSG_INVALID_CHARACTERS] = "İzin verilmeyen karakterler içeriyor",
	[MSG_UNKNOWN_PARAMETER] = "Bilinmeyen sorgu parametresi",
	[MSG_SERVICE_NOT_OFFERED] = "Kurum bu hizmeti sunmuyor",
	[MSG_SEARCH_ONE_WAY] = "Ada veya kimlik numarasına göre arayın, ikisine birden değil",
	[MSG_INVALID_PERSONAL_NUMBER] = "1 ile 20 arası Latin harfi veya rakam",

	[MSG_TOTP_REQUIRED] = "Doğrulama uygulamanızdaki kodu girin",
	[MSG_TOTP_WRONG] = "Kod yanlış veya daha önce kullanılmış",
	[MSG_TOTP_ENROLMENT_REQUIRED] = "Rolünüz iki adımlı doğrulama gerektirir: devam etmeden "
					"önce ayarlayın",
	[MSG_TOTP_REQUIRED_FOR_ROLE] = "Rolünüz iki adımlı doğrulama gerektirir; kapatılamaz",
	[MSG_TOTP_NOT_ENABLED] = "İki adımlı doğrulama açık değil",
	[MSG_WRONG_PASSWORD] = "Mevcut parola yanlış",

	[MSG_BIAS_ONLY_HATE] = "Önyargı saikleri yalnızca nefret olayı için belirtilir",
	[MSG_CONTACT_NOT_WANTED] = "İletişim bilgisi yalnızca sizinle iletişime geçilmesini "
				   "istiyorsanız saklanır",
	[MSG_FORM_EXPIRED] = "Formun süresi doldu: yeniden açıp gönderin",
	[MSG_LEAVE_EMPTY] = "Bu alanı boş bırakın",
	[MSG_NO_MECHANISM_HERE] = "Bu belediyede henüz bildirim kabul eden bir mekanizma yok",
	[MSG_RECEIPT_UNKNOWN] = "Bu koda sahip bir bildirim yok",
	[MSG_REPORTS_THROTTLED] = "Bu adresten çok fazla bildirim geldi: daha sonra tekrar deneyin",
	[MSG_NOT_JSON_OR_FORM] = "Gövde JSON veya form (application/x-www-form-urlencoded) "
				 "olmalıdır",
	[MSG_ANONYMISED_NO_PERSON] = "Anonim bir bildirim ne ad ne de iletişim bilgisi saklar",
	[MSG_NOT_POLICE] = "Bir polis kurumu seçin",

	[MSG_MUST_BE_ONE_OF] = "Şunlardan biri olmalıdır",
	[MSG_ATTACHMENT_TYPE] = "Yalnızca PDF, JPEG, PNG, düz metin (UTF-8), DOCX ve ODT dosyaları "
				"eklenebilir",
	[MSG_ATTACHMENT_EMPTY] = "Dosya boş",
	[MSG_CASE_ANONYMISED] = "Vaka, saklama kurallarına göre anonimleştirildi",

	[MSG_NOTIFY_ORDER_DECISION_OVERDUE] =
		"{case} vakasındaki koruma kararı hâlâ karar bekliyor",
	[MSG_NOTIFY_QUARTER_WITHOUT_MEETING] =
		"Çeyrek dönem olağan bir toplantı yapılmadan bitiyor",
	[MSG_EMERGENCY_NOT_ALLOWED] =
		"Acil durum gerekçesi yüksek veya çok yüksek risk ya da yakın tehlike "
		"gerektirir",
	[MSG_KIND_MISMATCH] = "Vakanın türü mekanizmanın türüyle uyuşmuyor",
	[MSG_NOT_OWNER_STAFF] = "Vakanın sorumlu kurumunun aktif bir çalışanı değil",
	[MSG_TOTP_ALREADY_ENABLED] = "İki adımlı doğrulama zaten açık; önce kapatın",
	[MSG_TOTP_NOT_PENDING] = "Önce iki adımlı doğrulamayı ayarlamaya başlayın",
	[MSG_SESSION_REQUIRED] =
		"Bunu bir API anahtarı değil, yalnızca oturum açmış bir oturum yapabilir",
	[MSG_BREAK_GLASS_LIMIT] =
		"Son bir saatte çok fazla acil erişim oldu; sorumlu kurumun yöneticileri ve "
		"denetçi bilgilendirildi",
	[MSG_NOTIFY_STAFF_ACCOUNT_ADDED] =
		"{institution} kurumuna yeni bir personel hesabı eklendi",
	[MSG_NOTIFY_STAFF_PASSWORD_RESET] =
		"Bir yönetici, {institution} kurumundaki bir personel hesabının parolasını "
		"sıfırladı",
	[MSG_NOTIFY_EMERGENCY_ACCESS_REFUSED] =
		"{case} vakasına acil erişim reddedildi: {institution} kurumundan bir "
		"kullanıcı saatlik sınıra ulaştı",
	[MSG_MEETING_NOT_YET_HELD] =
		"Bir toplantı, planlanan saatinden önce yapıldı olarak işaretlenemez",
	[MSG_REQUEST_ALREADY_ANSWERED] = "İstek zaten yanıtlandı",
	[MSG_NOTIFY_MEETING_REQUEST_ANSWERED] = "Olağanüstü toplantı isteğiniz yanıtlandı",
	[MSG_CONSENT_OR_ANONYMISED] =
		"Mağdurun onayını kaydedin ya da bildirimi anonim yapın (ikisinden biri)",
	[MSG_NOT_A_CSO] =
		"Birisi adına yalnızca bir sivil toplum kuruluşunun personeli bildirimde "
		"bulunur",
	[MSG_INTAKE_DONE] = "Bu bildirim zaten ele alındı",
	[MSG_NOTIFY_INTAKE_OVERDUE] = "Bir bildirim süresi geçtiği hâlde ele alınmayı bekliyor",
	[MSG_INTAKE_CASE_STAFF] = "Vakaları yalnızca vaka sorumluları ve yöneticiler açar",
	[MSG_NOTIFY_INTAKE_REFERRED] = "Bir bildirim, ele alınmak üzere kurumunuza iletildi",
	[MSG_NOTIFY_REINTEGRATION_TASK_DUE] =
		"{case} vakasında tahliye öncesi bir görevin zamanı yaklaşıyor",
	[MSG_NOTIFY_REINTEGRATION_TASK_OVERDUE] =
		"{case} vakasında tahliye öncesi bir görevin süresi geçti",
	[MSG_ATTACHMENT_FILE_TOO_LARGE] =
		"Dosya {limit} MiB'tan büyük; bu, bir dosyanın sınırıdır "
		"(attachments.max_file_mb)",
	[MSG_ATTACHMENT_CATEGORY_NOT_ALLOWED] = "Bu kategoride bir belgeyi buraya ekleyemezsiniz",
	[MSG_HOLD_ACTIVE] = "Vaka zaten yasal saklama altında",
	[MSG_HOLD_NONE] = "Vaka yasal saklama altında değil",
	[MSG_NOTIFY_RETENTION_DUE] =
		"Bazı vakaların saklama süresi doldu: liste onayınızı bekliyor",
};
