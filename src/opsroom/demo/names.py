"""Synthetic Libyan names for the demo, the name-matching test set and bench/persons.py,
and the ways people really write them differently.

The names are common given names and family names of eastern Libya; the people are made
up (every demo person is marked synthetic). A family name here is only a name to be
spelled: nothing groups or counts anyone by it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Given names (men's), each with its usual Latin spellings.
MALE = [
    ("محمد", ["Mohamed", "Muhammad", "Mohammed", "Mohamad"]),
    ("أحمد", ["Ahmed", "Ahmad"]), ("علي", ["Ali", "Aly"]), ("عمر", ["Omar", "Umar"]),
    ("عبدالله", ["Abdallah", "Abdullah", "Abd Allah"]),
    ("عبدالرحمن", ["Abdulrahman", "Abdelrahman", "Abd al-Rahman"]),
    ("عبدالسلام", ["Abdelsalam", "Abdulsalam", "Abdussalam"]),
    ("عبدالعزيز", ["Abdelaziz", "Abdulaziz"]), ("عبدالحميد", ["Abdelhamid", "Abdulhamid"]),
    ("خالد", ["Khaled", "Khalid"]), ("سالم", ["Salem", "Salim"]),
    ("مصطفى", ["Mustafa", "Moustafa"]),
    ("إبراهيم", ["Ibrahim", "Ebrahim"]), ("يوسف", ["Youssef", "Yousef", "Yusuf"]),
    ("حسين", ["Hussein", "Hussain", "Hosein"]), ("حسن", ["Hassan", "Hasan"]),
    ("مفتاح", ["Muftah", "Meftah"]), ("رمضان", ["Ramadan", "Ramadhan"]),
    ("فتحي", ["Fathi", "Fethi"]), ("جمعة", ["Jumaa", "Juma", "Gomaa"]),
    ("صالح", ["Saleh", "Salih"]), ("عادل", ["Adel", "Adil"]), ("طارق", ["Tarek", "Tariq"]),
    ("نورالدين", ["Noureddine", "Nour Eddine", "Nuraddin"]), ("حمزة", ["Hamza", "Hamzah"]),
    ("أيوب", ["Ayoub", "Ayyub"]), ("ميلاد", ["Milad", "Meelad"]), ("عصام", ["Essam", "Isam"]),
    ("وليد", ["Walid", "Waleed"]), ("فرج", ["Faraj", "Farag"]), ("الطاهر", ["Altaher", "Taher"]),
    ("الهادي", ["Alhadi", "Hadi"]), ("الصادق", ["Alsadek", "Sadiq"]),
    ("أبوبكر", ["Abubakr", "Abu Bakr"]),
    ("بشير", ["Bashir", "Basheer"]), ("منصور", ["Mansour", "Mansur"]),
    ("ناصر", ["Nasser", "Naser"]),
    ("سعد", ["Saad", "Sa'd"]), ("عوض", ["Awad", "Awadh"]), ("إدريس", ["Idris", "Edrees"]),
    ("عبدالكريم", ["Abdelkarim", "Abdulkareem"]), ("عبدالقادر", ["Abdelkader", "Abdulqadir"]),
    ("عبدالمنعم", ["Abdelmonem", "Abdulmunim"]), ("عبدالرزاق", ["Abdelrazek", "Abdulrazzaq"]),
    ("عبدالباسط", ["Abdelbaset", "Abdulbasit"]), ("عبدالحكيم", ["Abdelhakim", "Abdulhakeem"]),
    ("عبدالمجيد", ["Abdelmajid", "Abdulmajeed"]), ("عبدالونيس", ["Abdelwanis", "Abdulwanees"]),
    ("عبدالفتاح", ["Abdelfattah", "Abdulfatah"]), ("عبدالجليل", ["Abdeljalil", "Abduljaleel"]),
    ("محمود", ["Mahmoud", "Mahmud"]), ("مختار", ["Mukhtar", "Mokhtar"]),
    ("مراجع", ["Muraja", "Meraje"]), ("مسعود", ["Masoud", "Masud"]), ("منير", ["Mounir", "Munir"]),
    ("نبيل", ["Nabil", "Nabeel"]), ("نوري", ["Nouri", "Nuri"]), ("هشام", ["Hisham", "Hesham"]),
    ("هيثم", ["Haitham", "Haytham"]), ("وائل", ["Wael", "Wail"]), ("ياسين", ["Yassin", "Yasin"]),
    ("يونس", ["Younis", "Yunus"]), ("أسامة", ["Osama", "Usama"]), ("أشرف", ["Ashraf", "Ashref"]),
    ("أكرم", ["Akram", "Akrem"]), ("أنور", ["Anwar", "Anouar"]), ("أيمن", ["Ayman", "Aymen"]),
    ("بلال", ["Bilal", "Belal"]), ("جمال", ["Jamal", "Gamal"]), ("جبريل", ["Jibril", "Gebril"]),
    ("حافظ", ["Hafez", "Hafiz"]), ("حامد", ["Hamed", "Hamid"]), ("حمد", ["Hamad", "Hmed"]),
    ("خليفة", ["Khalifa", "Khalifah"]), ("رجب", ["Rajab", "Ragab"]), ("رضا", ["Reda", "Ridha"]),
    ("زكريا", ["Zakaria", "Zakariya"]), ("سامي", ["Sami", "Samy"]), ("سعيد", ["Said", "Saeed"]),
    ("سليمان", ["Suleiman", "Sulaiman"]), ("شعبان", ["Shaban", "Shaaban"]),
    ("صلاح", ["Salah", "Slah"]), ("ضو", ["Daw", "Dhaw"]), ("طه", ["Taha", "Taaha"]),
    ("عاشور", ["Ashour", "Ashur"]), ("عثمان", ["Othman", "Uthman"]),
    ("عزالدين", ["Ezzeddine", "Izzaldin"]),
    ("علاء", ["Alaa", "Ala"]), ("عماد", ["Emad", "Imad"]), ("عمران", ["Omran", "Imran"]),
    ("عياد", ["Ayad", "Ayyad"]), ("غيث", ["Ghaith", "Ghayth"]), ("فوزي", ["Fawzi", "Fouzi"]),
    ("فيصل", ["Faisal", "Faysal"]), ("قاسم", ["Qasem", "Gasem"]), ("كمال", ["Kamal", "Kemal"]),
    ("لطفي", ["Lotfi", "Lutfi"]), ("ماهر", ["Maher", "Mahir"]), ("مبروك", ["Mabrouk", "Mabruk"]),
    ("مجدي", ["Magdi", "Majdi"]), ("مروان", ["Marwan", "Merwan"]), ("معتز", ["Moataz", "Mutaz"]),
    ("مهدي", ["Mahdi", "Mehdi"]), ("موسى", ["Mousa", "Musa"]), ("نصر", ["Nasr", "Nassr"]),
    ("هاني", ["Hani", "Hany"]), ("يحيى", ["Yahya", "Yehia"]), ("إسماعيل", ["Ismail", "Esmail"]),
    ("إلياس", ["Elias", "Ilyas"]), ("الصديق", ["Alseddik", "Siddiq"]),
    ("المبروك", ["Almabrouk", "Elmabrouk"]),
    ("الفيتوري", ["Alfitouri", "Elfitouri"]), ("السنوسي", ["Alsenussi", "Elsenussi"]),
    ("العربي", ["Alarabi", "Larbi"]), ("الزروق", ["Alzarrouk", "Zarruq"]),
]
FEMALE = [
    ("فاطمة", ["Fatima", "Fatma"]), ("عائشة", ["Aisha", "Aicha"]),
    ("خديجة", ["Khadija", "Khadiga"]),
    ("مريم", ["Maryam", "Mariam"]), ("سعاد", ["Souad", "Suad"]), ("نعيمة", ["Naima", "Naeema"]),
    ("أمينة", ["Amina", "Ameena"]), ("سالمة", ["Salmah", "Salima"]),
    ("حليمة", ["Halima", "Haleema"]),
    ("زينب", ["Zainab", "Zeinab"]), ("هدى", ["Huda", "Houda"]), ("نجاة", ["Najat", "Nagat"]),
    ("سلمى", ["Selma", "Salmaa"]), ("رقية", ["Ruqaya", "Rokaya"]), ("حنان", ["Hanan", "Hanen"]),
    ("سمية", ["Sumaya", "Soumaya"]), ("أسماء", ["Asma", "Asmaa"]), ("ليلى", ["Layla", "Leila"]),
    ("منى", ["Mona", "Muna"]), ("نادية", ["Nadia", "Nadiya"]), ("وفاء", ["Wafa", "Wafaa"]),
    ("آمنة", ["Amna", "Amnah"]), ("صفية", ["Safia", "Safiya"]), ("جميلة", ["Jamila", "Gamila"]),
    ("عزيزة", ["Aziza", "Azeeza"]), ("مبروكة", ["Mabrouka", "Mabruka"]),
    ("سارة", ["Sara", "Sarah"]),
    ("إيمان", ["Iman", "Eman"]), ("نورية", ["Nouria", "Nuriya"]), ("حواء", ["Hawa", "Hawwa"]),
]
FAMILY = [
    ("الفيتوري", ["Al-Fitouri", "Elfitouri", "Fitori"]), ("العبيدي", ["Al-Obeidi", "Elobeidi"]),
    ("المسماري", ["Al-Mismari", "Elmesmari"]), ("الترهوني", ["Al-Tarhouni", "Tarhuni"]),
    ("بوقعيقيص", ["Bugaighis", "Bugeaighis"]), ("الورفلي", ["Al-Werfalli", "Warfalli"]),
    ("الزوي", ["Al-Zway", "Zuwai"]), ("الشريف", ["Al-Sharif", "Elsherif"]),
    ("المغربي", ["Al-Maghrabi", "Elmaghrabi"]), ("الفرجاني", ["Al-Farjani", "Ferjani"]),
    ("الدرسي", ["Al-Darsi", "Eldorsi"]), ("البرعصي", ["Al-Barasi", "Elbarassi"]),
    ("العقوري", ["Al-Aguri", "Elagouri"]), ("الحاسي", ["Al-Hasi", "Elhassi"]),
    ("المنفي", ["Al-Manfi", "Elmenfi"]), ("الكزة", ["Al-Kezza", "Kaza"]),
    ("بن غزي", ["Ben Ghazi", "Benghazi"]), ("العرفي", ["Al-Arfi", "Elarfi"]),
    ("الجهاني", ["Al-Jehani", "Jihani"]), ("القماطي", ["Al-Gamati", "Gammati"]),
    ("الشيخي", ["Al-Sheikhi", "Elsheikhy"]), ("بوخريص", ["Bukhres", "Bu Khrais"]),
    ("الكيلاني", ["Al-Kilani", "Elkeilani"]), ("المقصبي", ["Al-Magsabi", "Maqsabi"]),
    ("التاجوري", ["Al-Tajouri", "Tajuri"]), ("الزليتني", ["Al-Zlitni", "Zleitni"]),
    ("السنوسي", ["Al-Senussi", "Senoussi"]), ("القذافي", ["Al-Gaddafi", "Qadhafi"]),
    ("المهدوي", ["Al-Mahdawi", "Elmahdawi"]), ("الطشاني", ["Al-Tashani", "Tashani"]),
    ("العوامي", ["Al-Awami", "Elawami"]), ("بوسدرة", ["Busedra", "Bu Sidra"]),
    ("الغرياني", ["Al-Ghariani", "Gheriani"]), ("الفاخري", ["Al-Fakhri", "Elfakhri"]),
    ("المريمي", ["Al-Maryami", "Mrimi"]), ("الساعدي", ["Al-Saadi", "Elsaadi"]),
    ("بوعجيلة", ["Bouajila", "Buajeela"]), ("بوزيد", ["Bouzid", "Buzaid"]),
    ("بوشناف", ["Bushnaf", "Boushnaf"]), ("بوحليقة", ["Buhaliga", "Bouhlega"]),
    ("بوخمادة", ["Bukhmada", "Boukhmada"]), ("بن حليم", ["Ben Halim", "Bin Haleem"]),
    ("بن عمران", ["Ben Omran", "Bin Imran"]), ("العبار", ["Al-Abbar", "Elabbar"]),
    ("الجازوي", ["Al-Jazwi", "Gazwi"]), ("الحصادي", ["Al-Hassadi", "Hasadi"]),
    ("الطرابلسي", ["Al-Trabelsi", "Trabulsi"]), ("المصراتي", ["Al-Misrati", "Elmesrati"]),
    ("الزنتاني", ["Al-Zintani", "Zentani"]), ("الغدامسي", ["Al-Ghadamsi", "Ghdamsi"]),
    ("الدرناوي", ["Al-Darnawi", "Dernawi"]), ("الجدابي", ["Al-Jedabi", "Ajdabi"]),
    ("البيضاوي", ["Al-Baidawi", "Bidawi"]), ("الطبرقي", ["Al-Tobrugi", "Tubruqi"]),
    ("المرجاوي", ["Al-Marjawi", "Merjawi"]), ("الكفري", ["Al-Kufri", "Kafri"]),
    ("السرتاوي", ["Al-Sirtawi", "Sertawi"]), ("الهوني", ["Al-Houni", "Huni"]),
    ("الودان", ["Al-Waddan", "Wadan"]), ("السوكني", ["Al-Sokni", "Sukni"]),
    ("الجفري", ["Al-Jufri", "Jafri"]), ("السبهاوي", ["Al-Sabhawi", "Sebhawi"]),
    ("الفزاني", ["Al-Fezzani", "Fazani"]), ("الأوجلي", ["Al-Awjali", "Oujli"]),
    ("الجالوي", ["Al-Jalawi", "Galawi"]), ("الكراوي", ["Al-Karawi", "Krawi"]),
    ("المجبري", ["Al-Mjabri", "Majbari"]), ("الزوية", ["Al-Zuwaya", "Zwaya"]),
    ("العريبي", ["Al-Oraibi", "Uraybi"]), ("الفلاح", ["Al-Fellah", "Falah"]),
    ("القبائلي", ["Al-Gabaili", "Qabaili"]), ("الشلوي", ["Al-Shalawi", "Shelwi"]),
    ("الزياني", ["Al-Zayani", "Ziyani"]), ("الشاعري", ["Al-Shaeri", "Shairi"]),
    ("الحداد", ["Al-Haddad", "Hadad"]), ("النجار", ["Al-Najjar", "Nagar"]),
    ("الخياط", ["Al-Khayat", "Khayyat"]), ("الصباغ", ["Al-Sabbagh", "Sabagh"]),
    ("القصاب", ["Al-Gassab", "Qassab"]), ("الحلاق", ["Al-Hallag", "Hallaq"]),
    ("البناني", ["Al-Bannani", "Benani"]), ("المحجوب", ["Al-Mahjoub", "Mahjub"]),
    ("المنصوري", ["Al-Mansouri", "Mansuri"]), ("الراشدي", ["Al-Rashdi", "Rashidi"]),
    ("الجبالي", ["Al-Jebali", "Gabali"]), ("الساحلي", ["Al-Sahli", "Sahili"]),
    ("التومي", ["Al-Toumi", "Tumi"]), ("الشويهدي", ["Al-Shuwaihdi", "Shweihdi"]),
    ("المدني", ["Al-Madani", "Medani"]), ("الزواوي", ["Al-Zawawi", "Zwawi"]),
    ("الحراري", ["Al-Harari", "Hrari"]), ("الشركسي", ["Al-Sharkasi", "Cherkessi"]),
    ("الكبير", ["Al-Kabir", "Kebir"]), ("الصغير", ["Al-Saghir", "Sghir"]),
    ("القاضي", ["Al-Gadi", "Qadi"]), ("الفقيه", ["Al-Fagih", "Faqih"]),
    ("الإمام", ["Al-Imam", "Emam"]), ("الشيباني", ["Al-Shaibani", "Shibani"]),
    ("الرقيعي", ["Al-Rgaie", "Ruqaii"]), ("الأطرش", ["Al-Atrash", "Attrash"]),
    ("الأحمر", ["Al-Ahmar", "Lahmar"]), ("الأسود", ["Al-Aswad", "Lasouad"]),
]


@dataclass(frozen=True)
class SyntheticPerson:
    first: str
    father: str
    grandfather: str
    family: str
    latin: str
    mother: str
    sex: str
    birth_year: int

    @property
    def arabic(self) -> str:
        return " ".join((self.first, self.father, self.grandfather, self.family))


def make_person(rng: random.Random) -> SyntheticPerson:
    female = rng.random() < 0.3
    first = rng.choice(FEMALE if female else MALE)
    father, grandfather = rng.choice(MALE), rng.choice(MALE)
    family = rng.choice(FAMILY)
    mother = f"{rng.choice(FEMALE)[0]} {rng.choice(MALE)[0]} {rng.choice(FAMILY)[0]}"
    latin = " ".join(rng.choice(names) for names in (first[1], father[1], family[1]))
    return SyntheticPerson(first[0], father[0], grandfather[0], family[0], latin, mother,
                           "female" if female else "male", rng.randint(1950, 2005))


def persons(count: int, seed: int = 2026) -> list[SyntheticPerson]:
    rng = random.Random(seed)
    return [make_person(rng) for _ in range(count)]


# ---- how a name is written differently ----------------------------------------------------

_HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا"}
_SWAPS = [("ة", "ه"), ("ى", "ي"), ("ي", "ى")]
_DIACRITICS = ["\u064e", "\u064f", "\u0650", "\u0651"]


def _fold_hamza(text: str) -> str:
    return "".join(_HAMZA.get(ch, ch) for ch in text)


def _taa_and_alef(text: str) -> str:
    for a, b in _SWAPS:
        text = text.replace(a, b)
    return text


def _diacritics(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and rng.random() < 0.3:
            out.append(rng.choice(_DIACRITICS))
    return "".join(out)


def _tatweel(text: str) -> str:
    words = text.split()
    word = words[0]
    if len(word) > 3:
        words[0] = word[:2] + "ـ" + word[2:]
    return " ".join(words)


def _split_compounds(text: str) -> str:
    """عبدالله → عبد الله, أبوبكر → أبو بكر, نورالدين → نور الدين."""
    text = re.sub(r"(عبد|أبو)(?=\S)", r"\1 ", text)
    return re.sub(r"(?<=\S)(الدين)", r" \1", text)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:  # a letter dropped
        return word[:i] + word[i + 1:]
    if kind < 0.7:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def variants(person: SyntheticPerson, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query) pairs: the ways a records officer, a caller or a checkpoint writes
    this person's name."""
    full = person.arabic
    no_grandfather = " ".join((person.first, person.father, person.family))
    out = [
        ("exact", full),
        ("hamza and alef", _fold_hamza(full)),
        ("taa marbuta and alef maqsura", _taa_and_alef(full)),
        ("diacritics", _diacritics(full, rng)),
        ("tatweel", _tatweel(full)),
        ("compound split", _split_compounds(full)),
        ("with bin", f"{person.first} بن {person.father} بن {person.grandfather} "
                     f"{person.family}"),
        ("grandfather dropped", no_grandfather),
        ("family first", f"{person.family} {person.first} {person.father}"),
        ("one typo", " ".join((person.first, _typo(person.father, rng), person.family))),
        ("two typos", " ".join((_typo(person.first, rng), person.father,
                                _typo(person.family, rng)))),
        ("latin", person.latin),
        ("latin, other spelling", _other_latin(person, rng)),
        ("latin typo", " ".join(_typo(w, rng) if i == 0 else w
                                for i, w in enumerate(person.latin.split()))),
    ]
    return out


def _other_latin(person: SyntheticPerson, rng: random.Random) -> str:
    by_name = {ar: latins for ar, latins in (*MALE, *FEMALE, *FAMILY)}
    words = []
    for ar in (person.first, person.father, person.family):
        latins = by_name.get(ar, [ar])
        words.append(latins[-1] if len(latins) > 1 else latins[0])
    return " ".join(words)
