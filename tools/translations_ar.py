"""Fill the Arabic catalogue from this table and compile it (run by `make messages`).

Kept as a table so a reviewer can read every Arabic string at once; `polib`-free on purpose:
the .po format we write is the subset makemessages produces.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/opsroom/locale/ar/LC_MESSAGES/django.po"

AR = {
    "Operations room": "غرفة العمليات",
    "Accounts": "الحسابات",
    "Security directorate": "مديرية الأمن",
    "Police station": "مركز الشرطة",
    "Emergency response unit": "وحدة الاستجابة للطوارئ",
    "Criminal investigation": "البحث الجنائي",
    "Anti-narcotics": "مكافحة المخدرات",
    "Judicial police": "الشرطة القضائية",
    "Prosecution": "النيابة العامة",
    "Hospital": "مستشفى",
    "Civil defence": "الدفاع المدني",
    "Monitor": "جهة رقابية",
    "code": "الرمز",
    "Arabic name": "الاسم بالعربية",
    "English name": "الاسم بالإنجليزية",
    "kind": "النوع",
    "agency": "الجهة",
    "agencies": "الجهات",
    "role": "الدور",
    "language": "اللغة",
    "Arabic-Indic digits": "الأرقام الهندية (٠١٢٣)",
    "user": "مستخدم",
    "users": "المستخدمون",
    "name": "الاسم",
    "created": "أنشئ في",
    "last used": "آخر استخدام",
    "revoked": "أُلغي في",
    "API token": "رمز الواجهة البرمجية",
    "API tokens": "رموز الواجهة البرمجية",
    "Call-taker": "متلقي البلاغات",
    "Dispatcher": "موزّع الدوريات",
    "Supervisor": "مشرف الغرفة",
    "Field unit": "وحدة ميدانية",
    "Records officer": "ضابط السجلات",
    "Judicial liaison / prosecutor": "ضابط الاتصال القضائي / وكيل النيابة",
    "Analyst": "محلل",
    "Protection officer": "ضابط حماية المدنيين",
    "Inspector": "مفتش",
    "Administrator": "مدير النظام",
    "Audit": "التدقيق",
    "time": "الوقت",
    "action": "الإجراء",
    "purpose": "الغرض",
    "audit entry": "قيد تدقيق",
    "audit entries": "قيود التدقيق",
    "Console": "لوحة التشغيل",
    "Security operations room": "غرفة العمليات الأمنية",
    "Account": "الحساب",
    "Sign out": "تسجيل الخروج",
    "Board": "لوحة البلاغات",
    "Open incidents": "البلاغات المفتوحة",
    "Priority": "الأولوية",
    "Number": "الرقم",
    "Type": "النوع",
    "Status": "الحالة",
    "District": "المحلة",
    "Received": "وقت الاستلام",
    "Units": "الوحدات",
    "No open incidents.": "لا توجد بلاغات مفتوحة.",
    "Call sign": "رمز النداء",
    "Agency": "الجهة",
    "Kind": "النوع",
    "approximate boundaries": "حدود تقريبية",
    "Address": "العنوان",
    "Location": "الموقع",
    "Description": "الوصف",
    "Caller": "المبلّغ",
    "Purpose for viewing the caller's details": "سبب الاطلاع على بيانات المبلّغ",
    "Show caller": "إظهار بيانات المبلّغ",
    "Timeline": "السجل الزمني",
    "Sign in": "تسجيل الدخول",
    "Wrong username or password.": "اسم المستخدم أو كلمة المرور غير صحيحة.",
    "Username": "اسم المستخدم",
    "Password": "كلمة المرور",
    "Demo": "العرض التجريبي",
    "Dispatch": "توجيه الوحدات",
    "Available": "متاحة",
    "Dispatched": "موجّهة",
    "En route": "في الطريق",
    "On scene": "في الموقع",
    "Out of service": "خارج الخدمة",
    "Patrol car": "دورية",
    "Rapid response team": "فريق تدخل سريع",
    "Motorcycle patrol": "دورية دراجات نارية",
    "Traffic police": "شرطة المرور",
    "Ambulance": "سيارة إسعاف",
    "Fire engine": "سيارة إطفاء",
    "Rescue team": "فريق إنقاذ",
    "Explosive ordnance disposal": "فريق تفكيك المتفجرات",
    "Investigation team": "فريق تحقيق",
    "Anti-narcotics team": "فريق مكافحة المخدرات",
    "call sign": "رمز النداء",
    "capabilities": "القدرات",
    "status": "الحالة",
    "position time": "وقت الموقع",
    "field user": "مستخدم الوحدة",
    "unit": "وحدة",
    "units": "الوحدات",
    "assignment": "تكليف",
    "assignments": "التكليفات",
    "%(km).1f km in a straight line": "%(km).1f كم في خط مستقيم",
    "lacks: %(caps)s": "تنقصها: %(caps)s",
    "has every required capability": "تملك كل القدرات المطلوبة",
    "position is stale": "موقعها قديم",
    "Geography": "الجغرافيا",
    "geometry": "الشكل الهندسي",
    "city boundary": "حدود المدينة",
    "city boundaries": "حدود المدن",
    "population": "عدد السكان",
    "approximate boundary": "حدود تقريبية",
    "district": "محلة",
    "districts": "المحلات",
    "Suburb": "ضاحية",
    "Neighbourhood": "حي",
    "Hamlet": "تجمع سكني",
    "Locality": "منطقة",
    "Clinic": "مصحة",
    "Courthouse": "محكمة",
    "Fire station": "مركز إطفاء",
    "Other": "أخرى",
    "place": "مكان",
    "places": "الأماكن",
    "Incidents": "البلاغات",
    "CAP category": "فئة CAP",
    "default priority": "الأولوية الافتراضية",
    "required capabilities": "القدرات المطلوبة",
    "active": "مفعّل",
    "incident type": "نوع البلاغ",
    "incident types": "أنواع البلاغات",
    "New": "جديد",
    "Resolved": "تمت المعالجة",
    "Closed": "مغلق",
    "Cancelled": "ملغى",
    "Merged": "مدمج",
    "number": "الرقم",
    "type": "النوع",
    "priority": "الأولوية",
    "location precision (m)": "دقة الموقع (م)",
    "address": "العنوان",
    "description": "الوصف",
    "caller name": "اسم المبلّغ",
    "caller phone": "هاتف المبلّغ",
    "received": "وقت الاستلام",
    "dispatched": "وقت التوجيه",
    "en route": "وقت الانطلاق",
    "on scene": "وقت الوصول",
    "cleared": "وقت الإنهاء",
    "closed": "وقت الإغلاق",
    "incident": "بلاغ",
    "incidents": "البلاغات",
    "value": "القيمة",
    "previous value": "القيمة السابقة",
    "incident event": "حدث بلاغ",
    "incident events": "أحداث البلاغات",
    "Created": "أُنشئ",
    "Caller name changed": "تغيّر اسم المبلّغ",
    "Caller phone changed": "تغيّر هاتف المبلّغ",
    "Note": "ملاحظة",
    "Unit assigned": "كُلّفت وحدة",
    "Unit released": "أُعفيت وحدة",
    "Merged into": "دُمج في",
    "Duplicate merged in": "دُمج فيه بلاغ مكرر",
    # Console pages (issue 3)
    "opsroom administration": "إدارة نظام غرفة العمليات",
    "Agencies, users, incident types and units": "الجهات والمستخدمون وأنواع البلاغات والوحدات",
    "Waiting": "الانتظار",
    "No units.": "لا توجد وحدات.",
    "Live": "مباشر",
    "Reconnecting…": "جارٍ إعادة الاتصال…",
    "Assign": "تكليف",
    "Saved": "تم الحفظ",
    "Error": "خطأ",
    "Open": "فتح",
    "Districts (approximate)": "المحلات (حدود تقريبية)",
    "City boundary": "حدود المدينة",
    "Police and directorates": "الشرطة والمديريات",
    "Hospitals and clinics": "المستشفيات والعيادات",
    "Other places": "أماكن أخرى",
    "Possible duplicate: an open incident of a similar type nearby":
        "بلاغ مكرر محتمل: بلاغ مفتوح من نوع مشابه قريب",
    "m": "م",
    "Position shared": "تم إرسال الموقع",
    "The position could not be read": "تعذّرت قراءة الموقع",
    "Incident created": "أُنشئ البلاغ",
    "Location set": "تم تحديد الموقع",
    "Incident": "البلاغ",
    "The page is out of date; reloading": "الصفحة قديمة؛ جارٍ إعادة التحميل",
    "Assigned units": "الوحدات المكلفة",
    "Release": "فك التكليف",
    "No unit assigned.": "لم تُكلَّف أي وحدة.",
    "Change status": "تغيير الحالة",
    "Recommended units": "الوحدات المقترحة",
    "ETA": "الوصول خلال",
    "min": "دقيقة",
    "No unit is available.": "لا توجد وحدة متاحة.",
    "Latest": "آخر المستجدات",
    "Places found": "الأماكن المطابقة",
    "No place matches.": "لا يوجد مكان مطابق.",
    "Skip to content": "انتقل إلى المحتوى",
    "Pages": "الصفحات",
    "New incident": "بلاغ جديد",
    "My unit": "وحدتي",
    "Wall display": "شاشة العرض",
    "Administration": "الإدارة",
    "Show Western digits": "عرض الأرقام الغربية",
    "Show Arabic-Indic digits": "عرض الأرقام العربية الهندية",
    "Map": "الخريطة",
    "Selected incident and units": "البلاغ المحدد والوحدات",
    "Select an incident in the list or on the map.": "اختر بلاغًا من القائمة أو من الخريطة.",
    "No unit is linked to your account. Ask the dispatcher.":
        "لا توجد وحدة مرتبطة بحسابك. راجع موزّع الدوريات.",
    "Assigned incident": "البلاغ المكلف به",
    "%(km)s km to the %(heading)s (straight line)": "%(km)s كم باتجاه %(heading)s (خط مستقيم)",
    "Open in the phone's map": "افتح في خريطة الهاتف",
    "Add a note": "أضف ملاحظة",
    "Add note": "إضافة ملاحظة",
    "No incident assigned.": "لا يوجد بلاغ مكلف به.",
    "Position": "الموقع",
    "Last shared": "آخر إرسال",
    "Never shared": "لم يُرسل بعد",
    "Share my position": "أرسل موقعي",
    "Share every 30 seconds": "أرسل الموقع كل 30 ثانية",
    "Merge this incident into the chosen one? Its units move there.":
        "دمج هذا البلاغ في البلاغ المختار؟ تنتقل وحداته إليه.",
    "Merge as a duplicate": "دمج كبلاغ مكرر",
    "Into incident": "في البلاغ",
    "Merge": "دمج",
    "Where": "أين",
    "Search a place (Arabic or English)": "ابحث عن مكان (بالعربية أو الإنجليزية)",
    "e.g. الكيش, Hawari, hospital": "مثال: الكيش، الهواري، مستشفى",
    "Latitude": "خط العرض",
    "Longitude": "خط الطول",
    "Or click the map.": "أو انقر على الخريطة.",
    "Address or landmark": "العنوان أو معلم قريب",
    "What": "ماذا",
    "Name": "الاسم",
    "Phone": "الهاتف",
    "Create incident": "إنشاء البلاغ",
    "north": "الشمال",
    "north-east": "الشمال الشرقي",
    "east": "الشرق",
    "south-east": "الجنوب الشرقي",
    "south": "الجنوب",
    "south-west": "الجنوب الغربي",
    "west": "الغرب",
    "north-west": "الشمال الغربي",
    # Security (issue 6)
    "Confirm it is you": "أكّد هويتك", "Two-factor authentication": "التحقق بخطوتين",
    "This shows sensitive details. Sign in again to continue.":
        "هذه الصفحة تعرض بيانات حساسة. أعد تسجيل الدخول للمتابعة.",
    "That did not match. Try again.": "غير مطابق. حاول مرة أخرى.",
    "Code from your authenticator app": "الرمز من تطبيق المصادقة",
    "Continue": "متابعة",
    "Your role needs a second factor.": "دورك يتطلب عاملًا ثانيًا للتحقق.",
    "Add this key to an authenticator app and enter the code it shows.":
        "أضف هذا المفتاح إلى تطبيق مصادقة ثم أدخل الرمز الذي يعرضه.",
    "Access reports": "تقارير الاطلاع", "Who viewed or changed a record": "من اطلع على سجل أو غيّره",
    "Record id": "معرّف السجل", "Purpose": "الغرض", "Show": "عرض",
    "What a user did": "ما الذي فعله مستخدم", "From": "من", "Until": "حتى", "Entries": "القيود",
    "Time": "الوقت", "User": "المستخدم", "Action": "الإجراء", "Record": "السجل",
    "No entries.": "لا توجد قيود.",
    "Every report you run is itself recorded in the audit log, with your purpose.":
        "كل تقرير تطلبه يُسجَّل بدوره في سجل التدقيق مع الغرض منه.",
    "Too many failed sign-ins. Try again in %(minutes)d min.":
        "محاولات دخول فاشلة كثيرة. حاول مجددًا بعد %(minutes)d دقيقة.",
    "failed sign-in": "محاولة دخول فاشلة", "failed sign-ins": "محاولات دخول فاشلة",
    "scopes": "الصلاحيات", "expires": "ينتهي",
    # Roads (issue 4)
    "Move-up suggested": "إعادة تمركز مقترحة",
    "km": "كم",
    "Close a road or area": "إغلاق طريق أو منطقة",
    "Close a road or an area": "إغلاق طريق أو منطقة",
    "Click the map to place points: at least three for an area, two for a road.":
        "انقر على الخريطة لوضع النقاط: ثلاث على الأقل للمنطقة، واثنتان للطريق.",
    "Reason": "السبب",
    "For": "المدة",
    "1 hour": "ساعة واحدة",
    "3 hours": "3 ساعات",
    "12 hours": "12 ساعة",
    "24 hours": "24 ساعة",
    "until ended": "حتى الإنهاء",
    "Close": "إغلاق",
    "Undo point": "تراجع عن نقطة",
    "Cancel": "إلغاء",
    "Roads (synthetic demo network)": "الطرق (شبكة عرض اصطناعية)",
    "Closures and no-go areas": "الإغلاقات والمناطق المحظورة",
    "Route": "المسار",
    "Coverage (minutes to the nearest unit)": "التغطية (دقائق حتى أقرب وحدة)",
    "%(min)d min by road (%(km).1f km)": "%(min)d دقيقة بالطريق (%(km).1f كم)",
    "in its home district": "في محلتها الأصلية",
    "would leave %(number)s (lower priority)": "ستترك %(number)s (أولوية أدنى)",
    "Weapons-collection point": "نقطة تجميع السلاح",
    "Roads": "الطرق",
    "source": "المصدر",
    "synthetic": "اصطناعية",
    "road network": "شبكة الطرق",
    "road networks": "شبكات الطرق",
    "No-go area": "منطقة محظورة",
    "Closed road": "طريق مغلق",
    "reason": "السبب",
    "valid from": "ساري من",
    "valid until": "ساري حتى",
    "road closure": "إغلاق طريق",
    "road closures": "إغلاقات الطرق",
    "Sync between sites": "المزامنة بين المواقع",
    "Operations room (hub)": "غرفة العمليات (المحور)",
    "Directorate": "مديرية",
    "Field post": "نقطة ميدانية",
    "site code": "رمز الموقع",
    "receives every agency's records": "يستقبل سجلات كل الجهات",
    "public key": "المفتاح العام",
    "site": "موقع",
    "sites": "المواقع",
    "Sites": "المواقع",
    "Sites and sync": "المواقع والمزامنة",
    "Site": "الموقع",
    "Role": "الدور",
    "State": "الحالة",
    "Last contact": "آخر اتصال",
    "last contact": "آخر اتصال",
    "Waiting to send": "بانتظار الإرسال",
    "Replication lag": "تأخر المزامنة",
    "Changes applied": "التغييرات المطبّقة",
    "this site": "هذا الموقع",
    "Silent": "منقطع",
    "In contact": "متصل",
    "never": "أبداً",
    "Cut off:": "مواقع منقطعة:",
    "they keep working alone; their changes arrive when the link returns.":
        "تواصل عملها منفردة، وتصل تغييراتها عند عودة الاتصال.",
    "Every site keeps working when its link is cut; what it changes is sent when the link "
    "returns. A site not heard from for %(minutes)s minutes is marked silent.":
        "يواصل كل موقع عمله عند انقطاع اتصاله، وتُرسل تغييراته عند عودة الاتصال. "
        "يُعدّ الموقع منقطعاً إذا لم يصل منه شيء خلال %(minutes)s دقيقة.",
    "%(pending)s changes wait for a record they refer to; %(rejected)s changes could not be "
    "applied and need a supervisor.":
        "%(pending)s تغييراً بانتظار سجل تشير إليه؛ و%(rejected)s تغييراً تعذّر تطبيقه "
        "ويحتاج إلى مشرف.",
    "Changes from another site arrived; reloading": "وصلت تغييرات من موقع آخر؛ جارٍ إعادة التحميل",
    "%(seconds).0f s": "%(seconds).0f ث",
    "%(minutes).0f min": "%(minutes).0f د",
    "%(hours).1f h": "%(hours).1f س",
    ", ": "، ",
    "Role and access changes": "تغييرات الأدوار والصلاحيات",
    "Every role, agency, account, password, second-factor and token change, wherever it was "
    "made (the administration pages included).":
        "كل تغيير في الأدوار والجهات والحسابات وكلمات المرور وعوامل التحقق الثاني والرموز، "
        "أينما أُجري (ومنه صفحات الإدارة).",
    "Change": "التغيير",
    "%(char)s (an invisible character) is not allowed in a name or a code: it makes "
    "different names look alike":
        "لا يُسمح بالحرف %(char)s (حرف غير مرئي) في اسم أو رمز: فهو يجعل الأسماء المختلفة "
        "متشابهة في المظهر",
    "%(char)s (a bidirectional control) is not allowed: it changes how the text reads on "
    "screen":
        "لا يُسمح بالحرف %(char)s (محرف تحكم في اتجاه الكتابة): فهو يغيّر طريقة ظهور النص "
        "على الشاشة",
    "Personal info": "المعلومات الشخصية",
    "Permissions": "الصلاحيات",
    "Important dates": "تواريخ مهمة",
}

# One entry: msgid line, then msgstr line (makemessages writes short strings on one line).
# An entry: its msgid on one line or, when long, as "" and continuation lines; its msgstr
# likewise. The whole msgstr is replaced by one line.
_QUOTED = r'"(?:[^"\\]|\\.)*"\n'
_ENTRY = re.compile(rf'(msgid ((?:{_QUOTED})+))msgstr (?:{_QUOTED})+(?!")')
# msgmerge's guesses from similar strings: never trusted, the table decides.
# makemessages guesses ("fuzzy") from similar strings; msgfmt would drop those entries, and
# every string here has its own translation in AR, so the flag goes (alone or among others).
_FUZZY = re.compile(r"^#, fuzzy\n|^#\| .*\n", re.M)
_FUZZY_AMONG = re.compile(r"^(#,.*?)fuzzy, ", re.M)


def fill(text: str) -> tuple[str, list[str]]:
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2)))
        if not msgid:
            return match.group(0)
        arabic = AR.get(msgid.replace('\\"', '"'))
        if arabic is None:
            missing.append(msgid)
            return match.group(0)
        return f'{match.group(1)}msgstr "{arabic}"\n'

    return _ENTRY.sub(replace, text), missing


def main() -> int:
    text = _FUZZY_AMONG.sub(r"\1", _FUZZY.sub("", PO.read_text(encoding="utf-8")))
    text, missing = fill(text)
    PO.write_text(text, encoding="utf-8")
    subprocess.run(["msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)],
                   check=True)
    if missing:
        print("untranslated:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
