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
    # opsroom.sync: settling what a partition left (opsroom.sync.settling)
    "Keep the record here; set the arriving one aside":
        "الإبقاء على السجل الموجود هنا وتنحية السجل الوارد",
    "Set the record here aside; keep the arriving one":
        "تنحية السجل الموجود هنا والإبقاء على السجل الوارد",
    "Keep both, renaming the arriving one": "الإبقاء على الاثنين مع تغيير اسم السجل الوارد",
    "Applied once the clash went away": "طُبّق بعد زوال التعارض",
    "settled at": "وقت التسوية",
    "settled by": "سوّاه",
    "decision": "القرار",
    "The %(model)s arriving from %(site)s has the same %(fields)s (%(values)s) as a "
    "%(model)s already here, made at %(here)s; one of them must give way.":
        "السجل الوارد (%(model)s) من %(site)s له نفس %(fields)s (%(values)s) مثل سجل "
        "(%(model)s) موجود هنا أُنشئ في %(here)s؛ يجب أن يتنحّى أحدهما.",
    "Settle them": "تسويتها",
    "Changes to settle after a blackout: %(n)s": "تغييرات تنتظر التسوية بعد الانقطاع: %(n)s",
    "Changes to settle": "تغييرات تنتظر التسوية",
    "Changes to settle after a blackout": "تغييرات تنتظر التسوية بعد الانقطاع",
    "While sites were cut off from each other, each went on working. Each change below "
    "arrived from another site and was refused, because it clashes with a record here. "
    "Decide which to keep: your decision is applied here and sent to every site, and the "
    "other sites settle their own copies of the clash by themselves.":
        "واصل كل موقع عمله أثناء انقطاع المواقع بعضها عن بعض. كل تغيير أدناه وصل من موقع "
        "آخر ورُفض لأنه يتعارض مع سجل موجود هنا. قرّر أيّهما يبقى: يُطبَّق قرارك هنا ويُرسل "
        "إلى كل المواقع، وتسوّي المواقع الأخرى نسخها من هذا التعارض تلقائياً.",
    "Settled. The decision is on its way to every site.":
        "تمت التسوية. القرار في طريقه إلى كل المواقع.",
    "A change that could not be applied": "تغيير تعذّر تطبيقه",
    "The record here": "السجل الموجود هنا",
    "The arriving record": "السجل الوارد",
    "made at": "أُنشئ في",
    "Decision": "القرار",
    "New %(field)s of the arriving record (only to keep both)":
        "%(field)s الجديد للسجل الوارد (للإبقاء على الاثنين فقط)",
    "Reason (kept in the audit log)": "السبب (يُحفظ في سجل التدقيق)",
    "Settle": "تسوية",
    "Nothing here clashes with it any more: it is applied by itself.":
        "لم يعد هنا ما يتعارض معه: سيُطبَّق تلقائياً.",
    "Nothing waits to be settled.": "لا شيء ينتظر التسوية.",
    "Back to the sites": "العودة إلى المواقع",
    "Changes from another site arrived; reloading": "وصلت تغييرات من موقع آخر؛ جارٍ إعادة التحميل",
    "%(seconds).0f s": "%(seconds).0f ث",
    "%(minutes).0f min": "%(minutes).0f د",
    "%(hours).1f h": "%(hours).1f س",
    ", ": "، ",
    "list separator\x04, ": "، ",
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
    # ---- records: persons, warrants, custody, searches, referrals, sentences ----
    "Court": "محكمة",
    "Custody alarm": "إنذار الاحتجاز",
    "WANTED": "مطلوب",
    "Not wanted": "غير مطلوب",
    "Warrant": "الأمر",
    "Caution": "تنبيه",
    "possible match: confirm with the operations room": "تطابق محتمل: تأكد مع غرفة العمليات",
    "Persons": "الأشخاص",
    "Custody": "الاحتجاز",
    "Sentences": "الأحكام",
    "New warrant": "أمر جديد",
    "Check a person": "الكشف عن شخص",
    "or national number": "أو الرقم الوطني",
    "checkpoint": "نقطة تفتيش",
    "Check": "اكشف",
    "Records": "السجلات",
    (
        "Code of Criminal Procedure (1953), article 26 (general rule). Not verified against the "
        "primary text: confirm the figure with the local prosecution."
    ): (
        "قانون الإجراءات الجنائية (1953)، المادة 26 (القاعدة العامة). لم يُتحقق منه في النص "
        "الأصلي: تأكد من المدة مع النيابة المحلية."
    ),
    "Custody, most offences": "الاحتجاز، أغلب الجرائم",
    "Custody, offences against the security of the state": "الاحتجاز، الجرائم الماسة بأمن الدولة",
    "Rights recorded": "تسجيل الحقوق",
    (
        "Each right (the reason, a lawyer, the family, a medical check) is to be recorded within "
        "this time of the arrest."
    ): (
        "يُسجَّل كل حق (إبلاغه بالسبب، وتمكينه من محامٍ، وإبلاغ أسرته، والكشف الطبي) خلال هذه "
        "المدة من القبض."
    ),
    "Referral acknowledged": "استلام الإحالة",
    "A referral not acknowledged by the prosecution within this time is flagged.": (
        "تُنبَّه الإحالة التي لم تؤكد النيابة استلامها خلال هذه المدة."
    ),
    "Sentence still open": "حكم لم يُنفَّذ بعد",
    "A sentence still open after this time goes to the supervisor's queue.": (
        "يظهر الحكم الذي لم يُنفَّذ بعد هذه المدة في قائمة المشرف."
    ),
    "told the reason": "أُبلغ بسبب القبض",
    "offered a lawyer": "مُكّن من محامٍ",
    "family informed": "أُبلغت أسرته",
    "medical check": "الكشف الطبي",
    "the custody limit has passed": "انقضت مدة الاحتجاز",
    "not recorded in time: %(right)s": "لم يُسجَّل في وقته: %(right)s",
    "%(percent)s%% of the custody limit": "%(percent)s%% من مدة الاحتجاز",
    "Male": "ذكر",
    "Female": "أنثى",
    "Not known": "غير معروف",
    "Active": "فعّال",
    "Merged into another record": "دُمج في سجل آخر",
    "first name": "الاسم الأول",
    "father's name": "اسم الأب",
    "grandfather's name": "اسم الجد",
    "family name": "اللقب",
    "mother's name": "اسم الأم",
    "name in Latin letters": "الاسم بالحروف اللاتينية",
    "aliases": "أسماء أخرى",
    "sex": "الجنس",
    "birth date": "تاريخ الميلاد",
    "birth year": "سنة الميلاد",
    "national number": "الرقم الوطني",
    "notes": "ملاحظات",
    "person": "شخص",
    "persons": "الأشخاص",
    "issued by": "صادر عن",
    "Arrest": "قبض",
    "Search": "تفتيش",
    "Seizure": "ضبط",
    "Summons": "استدعاء",
    "Issued": "صادر",
    "Executed": "نُفِّذ",
    "Withdrawn": "مسحوب",
    "Expired": "منتهي الصلاحية",
    "reference": "الرقم المرجعي",
    "offences": "الجرائم",
    "caution": "تنبيه",
    "issued": "تاريخ الإصدار",
    "Caught in the act": "حالة تلبس",
    "Consent of the occupant": "موافقة صاحب المسكن",
    "In police custody": "محتجز لدى الشرطة",
    "Handed over to the prosecution": "سُلّم إلى النيابة",
    "Received by the prosecution": "استلمته النيابة",
    "Released": "أُفرج عنه",
    "arrested at": "وقت القبض",
    "legal basis": "السند القانوني",
    "justification": "المبرر",
    "custody limit": "نهاية مدة الاحتجاز",
    "started": "البداية",
    "ended": "النهاية",
    "officers present": "الحاضرون",
    "consent given by": "الموافقة من",
    "Weapon": "سلاح",
    "Ammunition": "ذخيرة",
    "Drugs": "مخدرات",
    "Money": "أموال",
    "Document": "مستند",
    "Vehicle": "مركبة",
    "Sent": "مُرسلة",
    "Acknowledged": "مُستلمة",
    "Imprisonment": "السجن",
    "Fine": "غرامة",
    "Other measure": "تدبير آخر",
    "Assigned to a unit": "أُسند إلى وحدة",
    "Person located": "حُدد مكان المحكوم عليه",
    "Could not be executed": "تعذّر التنفيذ",
    "Suspended by the court": "أوقفته المحكمة",
    "case number": "رقم القضية",
    "judgment date": "تاريخ الحكم",
    "sentence": "حكم",
    "term (days)": "المدة (بالأيام)",
    "fine (LYD)": "الغرامة (دينار ليبي)",
    "measure": "التدبير",
    "Custody alarms:": "إنذارات الاحتجاز:",
    "Alarms": "الإنذارات",
    "Acknowledge": "تأكيد الاطلاع",
    "Person": "الشخص",
    "Arrested": "القبض",
    "Basis": "السند",
    "Time left": "الوقت المتبقي",
    "Rights": "الحقوق",
    "Actions": "الإجراءات",
    "h": "ساعة",
    "Done now": "تم الآن",
    "Hand over to": "التسليم إلى",
    "Hand over": "سلّم",
    "Nobody is in custody.": "لا يوجد محتجزون.",
    "Persons in custody": "المحتجزون",
    "The limits, and where they come from": "المدد ومصادرها",
    "Limit": "المدة",
    "Hours": "الساعات",
    "Source": "المصدر",
    "(a rule of this room, not of the law)": "(قاعدة لهذه الغرفة، وليست نصاً قانونياً)",
    "(not verified against the primary text: confirm it with the prosecution)": (
        "(لم يُتحقق منه في النص الأصلي: تأكد منه مع النيابة)"
    ),
    (
        "Each limit is a setting (OPSROOM_CUSTODY_HOURS and the others in docs/records.md); "
        "alarms are raised at 75 %% and 90 %% of a custody limit and when it is passed."
    ): (
        "كل مدة إعداد قابل للضبط (OPSROOM_CUSTODY_HOURS وغيره في docs/records.md)؛ تُطلق "
        "الإنذارات عند 75 %% و90 %% من مدة الاحتجاز وعند انقضائها."
    ),
    "Possible duplicates": "سجلات مكررة محتملة",
    "Records that may be one person": "سجلات قد تكون لشخص واحد",
    (
        "You decide. A merge keeps both histories; the merged record still opens (on this one), "
        "and the merge can be undone."
    ): (
        "القرار لك. الدمج يحفظ السجلين بتاريخهما؛ ويظل السجل المدموج يُفتح (على هذا السجل)، ويمكن "
        "التراجع عن الدمج."
    ),
    "Keep": "يُبقى",
    "Merge into it": "ادمجه فيه",
    "Score": "الدرجة",
    "Why": "السبب",
    "Merge these two records?": "دمج هذين السجلين؟",
    "why they are one person": "لماذا هما شخص واحد",
    "No possible duplicates.": "لا توجد سجلات مكررة محتملة.",
    "The record you opened was merged into this one.": "السجل الذي فتحته دُمج في هذا السجل.",
    "Opened for: %(purpose)s. This read is in the audit log.": (
        "فُتح لغرض: %(purpose)s. هذا الاطلاع مسجل في سجل التدقيق."
    ),
    "Identity": "الهوية",
    "born": "مواليد",
    "Documents": "الوثائق",
    "Issue a warrant": "إصدار أمر",
    "Warrants": "الأوامر",
    "No warrant.": "لا توجد أوامر.",
    "Arrests": "حالات القبض",
    "No arrest.": "لا توجد حالات قبض.",
    "Home searches": "تفتيش المساكن",
    "Record an arrest": "تسجيل قبض",
    (
        "An arrest needs its legal basis: an active arrest warrant for this person, or caught in "
        "the act with a written justification. The custody clock starts at the time of arrest."
    ): (
        "القبض يحتاج إلى سنده القانوني: أمر قبض ساري المفعول بحق هذا الشخص، أو حالة تلبس مع مبرر "
        "مكتوب. تبدأ مدة الاحتجاز من وقت القبض."
    ),
    "Arrested at": "وقت القبض",
    "Place": "المكان",
    "Judicial police officer": "مأمور الضبط القضائي",
    "Legal basis": "السند القانوني",
    "Justification (caught in the act)": "المبرر (حالة التلبس)",
    "Offences": "الجرائم",
    "Record the arrest": "سجّل القبض",
    "Find a person": "البحث عن شخص",
    (
        "By name, in Arabic or Latin letters, in any order, or by national number. Every search "
        "is recorded in the audit log with your purpose."
    ): (
        "بالاسم، بالحروف العربية أو اللاتينية، وبأي ترتيب، أو بالرقم الوطني. كل بحث يُسجَّل في "
        "سجل التدقيق مع غرضه."
    ),
    "Name or national number": "الاسم أو الرقم الوطني",
    "Results": "النتائج",
    "Latin": "بالحروف اللاتينية",
    "Born": "الميلاد",
    "Nobody of that name is recorded.": "لا يوجد شخص مسجل بهذا الاسم.",
    "Why do you need this record?": "لماذا تحتاج إلى هذا السجل؟",
    "Reading a person's record is recorded in the audit log with its purpose.": (
        "الاطلاع على سجل شخص يُسجَّل في سجل التدقيق مع غرضه."
    ),
    "Open the record": "افتح السجل",
    "Sentences to carry out": "أحكام للتنفيذ",
    "%(hours)s hours": "%(hours)s ساعة",
    "Court and case": "المحكمة والقضية",
    "Sentence": "الحكم",
    "days": "يوماً",
    "LYD": "د.ل",
    "Unit": "الوحدة",
    "How": "كيف",
    "the prison, or the fine paid": "السجن الذي سُلّم إليه، أو سداد الغرامة",
    "No sentence waits.": "لا توجد أحكام تنتظر التنفيذ.",
    "Reference": "الرقم المرجعي",
    "Place (for a search or a seizure)": "المكان (للتفتيش أو الضبط)",
    "Caution (shown at a check)": "تنبيه (يظهر عند الكشف)",
    "Valid until": "ساري حتى",
    "Issue": "أصدر",
    "past the limit": "تجاوز المدة",
    "left": "متبقٍ",
    "Received from the court": "وارد من المحكمة",
    "; ": "؛ ",
    "same national number": "الرقم الوطني نفسه",
    "same birth year": "سنة الميلاد نفسها",
    "same mother's name": "اسم الأم نفسه",
    "%(first)s and %(last)s": "%(first)s و%(last)s",
    "Find": "ابحث",
    "open too long": "تأخر تنفيذه",
    "Why not": "السبب",
    "The court's decision": "قرار المحكمة",
    "Suspend": "أوقف التنفيذ",
    "%(parts)s matches": "%(parts)s مطابق",
    "%(parts)s match": "%(parts)s متطابقة",
    "%(parts)s spelled differently": "%(parts)s بتهجئة مختلفة",
    "%(parts)s transliterated": "%(parts)s مكتوب بحروف لاتينية",
    "%(parts)s close (a letter or two off)": "%(parts)s قريب (يختلف بحرف أو حرفين)",
    "alias": "اسم آخر",
    "Latin name": "الاسم اللاتيني",
    "Record it": "سجّل",
    "words of the query not found: %(count)d": "كلمات من البحث لم توجد: %(count)d",
    "Referrals": "الإحالات",
    (
        "Law No. 87 of 1974, adding a last paragraph to article 26 of the Code of Criminal "
        "Procedure, and Law No. 3 of 2013 (article 187 bis (b)): a person accused of one of the "
        "crimes of Part 1 of Book 2 of the Penal Code is sent to the competent prosecution within "
        "seven days of the arrest."
    ): (
        "القانون رقم 87 لسنة 1974 بإضافة فقرة أخيرة إلى المادة 26 من قانون الإجراءات الجنائية، "
        "والقانون رقم 3 لسنة 2013 (المادة 187 مكرراً (ب)): يُرسل المتهم في إحدى الجرائم المنصوص "
        "عليها في الباب الأول من الكتاب الثاني من قانون العقوبات إلى النيابة العامة المختصة خلال "
        "سبعة أيام من تاريخ ضبطه."
    ),
    "Withdraw": "سحب الأمر",
    "Why it is withdrawn": "سبب السحب",
    "Record a home search": "تسجيل تفتيش مسكن",
    (
        "A home search needs its legal basis: a search warrant for that place, the occupant's "
        "written and signed consent, or caught in the act, with a justification."
    ): (
        "تفتيش المسكن يحتاج إلى سنده القانوني: أمر تفتيش لهذا المكان، أو موافقة مكتوبة وموقعة من "
        "صاحب المسكن، أو حالة تلبس، مع المبرر."
    ),
    "Started at": "وقت البدء",
    "Search warrant": "أمر التفتيش",
    "Consent given by": "الموافقة من",
    "Consent written and signed": "الموافقة مكتوبة وموقعة",
    "Justification": "المبرر",
    "Present (one name)": "الحاضرون (اسم واحد)",
    "Found or seized": "ما عُثر عليه أو ضُبط",
    "Quantity": "الكمية",
    "Record the search": "سجّل التفتيش",
    "Refer to a prosecution office": "إحالة إلى النيابة",
    "Prosecution office": "النيابة",
    "Arrests in the case": "حالات القبض في القضية",
    "Summary": "الملخص",
    "Refer": "أحِل",
    "Record a new person": "تسجيل شخص جديد",
    "Search first: the person may already be recorded, perhaps spelled another way.": (
        "ابحث أولاً: قد يكون الشخص مسجلاً، وربما بتهجئة أخرى."
    ),
    "Record the person": "سجّل الشخص",
    "To": "إلى",
    "Referred": "تاريخ الإحالة",
    "not acknowledged in time": "لم يُؤكَّد استلامها في الوقت المحدد",
    "Acknowledge receipt": "تأكيد الاستلام",
    "No referral.": "لا توجد إحالات.",
    "Against": "بحق",
    (
        "An arrest warrant or a summons names a person: open the person's record (Persons) and "
        "issue it from there. From here: a search or a seizure warrant for a place."
    ): (
        "أمر القبض أو الاستدعاء يخص شخصاً: افتح سجل الشخص (الأشخاص) وأصدره من هناك. ومن هنا: أمر "
        "تفتيش أو ضبط لمكان."
    ),
    "Warrants in force, issued by this office": "الأوامر السارية الصادرة عن هذه الجهة",
    "Person or place": "الشخص أو المكان",
    "No warrant in force.": "لا توجد أوامر سارية.",
    "Judicial police officers": "مأمورو الضبط القضائي",
    (
        "Only an officer holding the capacity, granted here for a period, may carry out an arrest "
        "or a home search."
    ): (
        "لا يجوز القبض أو تفتيش المساكن إلا لمأمور يحمل صفة الضبط القضائي الممنوحة هنا لمدة محددة."
    ),
    "Officer": "المأمور",
    "Revoke this capacity?": "إلغاء هذه الصفة؟",
    "Revoke": "إلغاء",
    "Officer (user name)": "المأمور (اسم المستخدم)",
    "Grant the capacity": "منح الصفة",
    "Record created": "أُنشئ السجل",
    "Record corrected": "صُحّح السجل",
    "Identity document added": "أُضيفت وثيقة هوية",
    "Another record merged in": "دُمج فيه سجل آخر",
    "Merge undone": "أُلغي الدمج",
    "Warrant issued": "صدر أمر",
    "Warrant executed": "نُفّذ الأمر",
    "Warrant withdrawn": "سُحب الأمر",
    "Warrant expired": "انتهت صلاحية الأمر",
    "A right recorded": "سُجّل حق",
    "Home searched": "فُتّش المسكن",
    "Referred to a prosecution office": "أُحيل إلى النيابة",
    "Sentence received": "ورد حكم",
    "Sentence assigned to a unit": "أُسند الحكم إلى وحدة",
    "Sentence executed": "نُفّذ الحكم",
    "Sentence could not be executed": "تعذّر تنفيذ الحكم",
    "Sentence suspended by the court": "أوقفت المحكمة التنفيذ",
    # ---- campaigns: weapons collection, raids on drug dens, training ----
    "Campaigns": "الحملات",
    "Weapons collection": "جمع السلاح",
    "Drug dens": "أوكار المخدرات",
    "Other operation": "عملية أخرى",
    "starts": "تاريخ البدء",
    "ends": "تاريخ الانتهاء",
    "targets": "المستهدفات",
    "amnesty mode": "وضع العفو",
    "Camp": "معسكر",
    "opening hours": "ساعات العمل",
    "handed over at": "وقت التسليم",
    "Pistol": "مسدس",
    "Rifle": "بندقية",
    "Assault rifle": "بندقية آلية",
    "Machine gun": "رشاش",
    "Grenade launcher": "قاذف قنابل",
    "Grenade": "قنبلة يدوية",
    "Mine": "لغم",
    "Explosives": "متفجرات",
    "Working": "صالح للاستعمال",
    "Damaged": "متضرر",
    "Unserviceable": "غير صالح للاستعمال",
    "Stored": "مُخزَّن",
    "Transferred": "منقول",
    "Destroyed": "مُتلَف",
    "category": "الفئة",
    "make and model": "الصنع والطراز",
    "calibre": "العيار",
    "serial number": "الرقم التسلسلي",
    "condition": "الحالة الفنية",
    "quantity": "الكمية",
    "Planned": "مُخطَّط لها",
    "Briefed": "تمت الإحاطة",
    "Under way": "جارية",
    "Completed": "مكتملة",
    "Aborted": "أُلغيت",
    "planned for": "الموعد المخطط",
    "Hashish": "حشيش",
    "Tramadol": "ترامادول",
    "Captagon": "كبتاغون",
    "Cocaine": "كوكايين",
    "Heroin": "هيروين",
    "Cannabis (plant)": "قنب هندي (نبات)",
    "grams": "غرام",
    "kilograms": "كيلوغرام",
    "pills": "أقراص",
    "litres": "لتر",
    "pieces": "قطعة",
    "Enrolled": "مسجَّل",
    "Passed": "ناجح",
    "Failed": "راسب",
    "Absent": "غائب",
    "On an operation": "في عملية",
    (
        "Any police directorate can check this receipt, even without a network: give the "
        "receipt number and the verification code."
    ): (
        "يمكن لأي مديرية أمن التحقق من هذا الإيصال، ولو دون اتصال بالشبكة: بتقديم رقم الإيصال "
        "ورمز التحقق."
    ),
    "no end date": "دون تاريخ انتهاء",
    "Abort": "إلغاء",
    "Why it is aborted": "سبب الإلغاء",
    "Abort the operation": "إلغاء العملية",
    "Mark as briefed": "اعتماد الإحاطة",
    "Start the operation": "بدء العملية",
    "Mark as completed": "إنهاء العملية",
    "%(achieved)s of %(target)s (%(percent)s%%)": "%(achieved)s من %(target)s (%(percent)s٪)",
    "No target set.": "لم تُحدَّد مستهدفات.",
    "%(what)s by ISO week (the numbers are in the table below)": (
        "%(what)s حسب الأسبوع (الأرقام في الجدول أدناه)"
    ),
    "Training": "التدريب",
    "Training of judicial police officers": "تدريب مأموري الضبط القضائي",
    (
        "Courses, their sessions, who attended and the results. A passed course renews an "
        "officer's judicial police capacity once a judicial user (a prosecution office or a "
        "court) confirms it."
    ): (
        "البرامج التدريبية ودوراتها والمشاركون فيها ونتائجهم. يُجدِّد اجتيازُ الدورة صفةَ الضبط "
        "القضائي للمأمور متى اعتمد ذلك مستخدمٌ قضائي (نيابة أو محكمة)."
    ),
    "Capacities ending within %(n)s days": "الصفات المنتهية خلال %(n)s يوماً",
    "Days left": "الأيام المتبقية",
    "Passed a course": "اجتاز دورة",
    "yes: waiting for the judicial confirmation": "نعم: بانتظار اعتماد الجهة القضائية",
    "no: send on a course": "لا: يُرسَل إلى دورة",
    "No capacity ends soon.": "لا تنتهي أي صفة قريباً.",
    "passing it renews the capacity for %(n)s days": "اجتيازه يجدّد الصفة لمدة %(n)s يوماً",
    "renews no capacity": "لا يجدّد الصفة",
    "Session %(n)s": "الدورة %(n)s",
    "Trainers": "المدربون",
    "Attendees of session %(n)s": "المشاركون في الدورة %(n)s",
    "Result": "النتيجة",
    "Capacity": "الصفة",
    "renewed until": "جُدّدت حتى",
    "score": "الدرجة",
    "Record the result": "سجّل النتيجة",
    "Renew the capacity": "جدّد الصفة",
    "Nobody enrolled yet.": "لم يُسجَّل أحد بعد.",
    "No session yet.": "لا توجد دورات بعد.",
    "No course yet.": "لا توجد برامج تدريبية بعد.",
    "The campaign": "الحملة",
    "amnesty: no name is recorded": "عفو: لا يُسجَّل أي اسم",
    "Dates": "المدة",
    "Run by": "الجهة المنفذة",
    "Public figures": "الأرقام المعلنة",
    "The public page of this campaign": "الصفحة العامة لهذه الحملة",
    "counts only; a district's week with fewer than %(n)s items is not shown": (
        "أعداد فقط؛ ولا يُعرض أسبوعُ محلةٍ جُمع فيه أقل من %(n)s أصناف"
    ),
    "Progress against the targets": "التقدم نحو المستهدفات",
    "By ISO week": "حسب الأسبوع",
    "%(what)s, by ISO week (Monday to Sunday, city time).": (
        "%(what)s حسب الأسبوع (من الاثنين إلى الأحد، بتوقيت المدينة)."
    ),
    "ISO week": "الأسبوع",
    "Nothing counted yet.": "لم يُحصَ شيء بعد.",
    "By district": "حسب المحلة",
    "No district (city-wide)": "دون محلة (على مستوى المدينة)",
    "Districts are approximate: drawn from points, not surveyed.": (
        "حدود المحلات تقريبية: مرسومة من نقاط، لا من مسح ميداني."
    ),
    "By category": "حسب الفئة",
    "Category": "الفئة",
    "Count": "العدد",
    "Ammunition counts rounds; the other categories count pieces.": (
        "تُعدّ الذخيرة بالطلقات، وتُعدّ الفئات الأخرى بالقطع."
    ),
    "Weapons handover": "تسليم الأسلحة",
    "No weapons collection campaign is running today.": "لا توجد حملة لجمع السلاح جارية اليوم.",
    "Your agency has no open collection point: a supervisor sets one up.": (
        "لا توجد لجهتك نقطة تجميع مفتوحة: يُنشئها المشرف."
    ),
    "Campaign": "الحملة",
    "amnesty": "عفو",
    "Collection point": "نقطة التجميع",
    "Amnesty: no name is recorded.": "عفو: لا يُسجَّل أي اسم.",
    (
        "Whoever hands weapons in during this campaign is not asked who they are, no person is "
        "recorded, and the receipt says so."
    ): (
        "من يسلّم سلاحاً خلال هذه الحملة لا يُسأل عن هويته، ولا يُسجَّل أي شخص، ويُنصّ على ذلك في "
        "الإيصال."
    ),
    "Amnesty in force": "مدة العفو",
    "Who hands the items over": "من يسلّم الأسلحة",
    "The search is recorded in the audit log, with the purpose: a weapons handover.": (
        "يُسجَّل البحث في سجل التدقيق، والغرض: تسليم أسلحة."
    ),
    "Change the person": "غيّر الشخص",
    "Items handed over": "الأصناف المسلَّمة",
    "Add an item": "أضف صنفاً",
    (
        "At most %(n)s items in one handover. Ammunition is counted in rounds; a weapon with a "
        "serial number is one item."
    ): (
        "%(n)s صنفاً على الأكثر في التسليم الواحد. تُعدّ الذخيرة بالطلقات، والسلاح ذو الرقم "
        "التسلسلي صنف واحد."
    ),
    "Notes": "ملاحظات",
    "Save the handover": "احفظ التسليم",
    "Make and model": "الصنع والطراز",
    "Calibre": "العيار",
    "Serial number": "الرقم التسلسلي",
    "Condition": "الحالة الفنية",
    "Deliberate duplicate — reason": "تكرار مقصود — السبب",
    "Remove": "احذف",
    "Handover recorded": "سُجّل التسليم",
    "Receipt number": "رقم الإيصال",
    "Verification code": "رمز التحقق",
    "Print receipt": "اطبع الإيصال",
    "New handover": "تسليم جديد",
    (
        "Weapons collection, raids on drug dens and other operations, with their progress "
        "against their targets (the counts of every site, added up)."
    ): (
        "جمع السلاح ومداهمة أوكار المخدرات وعمليات أخرى، مع التقدم نحو مستهدفاتها (مجموع أعداد "
        "كل المواقع)."
    ),
    "Record a weapons handover": "سجّل تسليم أسلحة",
    "No campaign yet.": "لا توجد حملات بعد.",
    "Operation": "العملية",
    "Operations": "العمليات",
    "This read is recorded in the audit log.": "يُسجَّل هذا الاطلاع في سجل التدقيق.",
    "The operation": "العملية",
    "Planned for": "الموعد المخطط",
    "Started": "بدأت",
    "Ended": "انتهت",
    "Commander": "آمر العملية",
    "People named": "الأفراد المكلفون",
    "Targets": "الأهداف",
    "outcome recorded": "سُجّلت الحصيلة",
    "none": "لا يوجد",
    "Den closed": "أُغلق الوكر",
    "yes": "نعم",
    "no": "لا",
    "Referred to the prosecution": "المحالون إلى النيابة",
    "Outcome recorded": "سُجّلت الحصيلة في",
    "Seized": "ما ضُبط",
    "Substance": "المادة",
    "Unit of measure": "وحدة القياس",
    "Record the outcome": "سجّل حصيلة المداهمة",
    "The den was closed": "أُغلق الوكر",
    "A row left without a quantity adds nothing.": "السطر الذي لا كمية فيه لا يُضاف.",
    "Persons referred to the prosecution": "عدد المحالين إلى النيابة",
    "No target.": "لا أهداف.",
    (
        "Raids on drug dens and other operations. Until an operation is completed or aborted, "
        "only its commander, those named on it, the field users of its units and the "
        "supervisors of its agency see it. Every list and every read is recorded in the audit "
        "log."
    ): (
        "مداهمة أوكار المخدرات وعمليات أخرى. إلى أن تكتمل العملية أو تُلغى، لا يطّلع عليها إلا "
        "آمرها والمكلفون بها والمستخدمون الميدانيون لوحداتها ومشرفو جهتها. ويُسجَّل في سجل "
        "التدقيق كل عرض للقائمة وكل اطلاع."
    ),
    "Operations you may see": "العمليات المسموح لك بالاطلاع عليها",
    "done": "منجز",
    "No operation you may see.": "لا توجد عملية مسموح لك بالاطلاع عليها.",
    "public figures": "الأرقام المعلنة",
    "Synthetic demo data": "بيانات تجريبية اصطناعية",
    "Items collected": "الأصناف المجموعة",
    (
        "Counts only: no names, no receipts, no stock of any collection point. A district's "
        "week with fewer than %(n)s items is not shown (%(hidden)s left out), and the totals "
        "add up the weeks shown."
    ): (
        "أعداد فقط: لا أسماء ولا إيصالات ولا مخزون أي نقطة تجميع. ولا يُعرض أسبوعُ محلةٍ جُمع فيه "
        "أقل من %(n)s أصناف (أُغفل %(hidden)s)، والمجاميع هي مجموع الأسابيع المعروضة."
    ),
    "Nothing to show yet.": "لا شيء للعرض بعد.",
    "Items": "الأصناف",
    "By week": "حسب الأسبوع",
    "Chart": "الرسم البياني",
    "Check a receipt": "التحقق من إيصال",
    (
        "Give the receipt number and the verification code printed on it. The code alone "
        "proves the receipt was given by one of the ministry's sites, even while this site is "
        "cut off from the others; where the handover has already reached this site, its items "
        "are listed to compare with the paper. Every check is recorded in the audit log."
    ): (
        "أدخل رقم الإيصال ورمز التحقق المطبوعين عليه. الرمز وحده يُثبت أن الإيصال صادر عن أحد "
        "مواقع الوزارة، ولو كان هذا الموقع منقطعاً عن المواقع الأخرى؛ وإن كان التسليم قد وصل إلى "
        "هذا الموقع عُرضت أصنافه لمقارنتها بالورقة. ويُسجَّل كل تحقق في سجل التدقيق."
    ),
    "Check the receipt": "تحقّق من الإيصال",
    "Weapons": "الأسلحة",
    "Rounds of ammunition": "طلقات الذخيرة",
    "Handovers": "عمليات التسليم",
    "Dens closed": "الأوكار المغلقة",
    "Operations completed": "العمليات المكتملة",
    "Seizures": "المضبوطات",
    "Week %(week)s, %(year)s": "الأسبوع %(week)s، %(year)s",
    "Searching…": "جارٍ البحث…",
    "Choose": "اختر",
    "Item": "الصنف",
    "Remove item": "احذف الصنف",
    "This serial was handed in before, on receipt:": "سُلّم هذا الرقم التسلسلي من قبل، بالإيصال:",
    (
        "This serial was handed in before, on receipt {receipt}. If it is deliberately the same "
        "weapon again, give the reason below and save again."
    ): (
        "سُلّم هذا الرقم التسلسلي من قبل، بالإيصال {receipt}. إن كان السلاح نفسه يُسلَّم مرة أخرى "
        "عن قصد، فاذكر السبب أدناه واحفظ من جديد."
    ),
    "Choose who hands the items over (search by name).": "اختر من يسلّم الأسلحة (ابحث بالاسم).",
    "At most %(n)s items in one handover.": "%(n)s صنفاً على الأكثر في التسليم الواحد.",
    "Genuine receipt": "إيصال صحيح",
    "Not genuine: this code does not match this receipt number.": (
        "إيصال غير صحيح: هذا الرمز لا يطابق رقم الإيصال."
    ),
    (
        "Genuine receipt, but this handover has not reached this site yet: its items will show "
        "once sync brings it. Compare them with the paper then."
    ): (
        "إيصال صحيح، لكن هذا التسليم لم يصل إلى هذا الموقع بعد: ستظهر أصنافه حين تجلبه المزامنة، "
        "فقارنها بالورقة حينئذ."
    ),
    "Handed over at": "وقت التسليم",
    # The first step of an item's chain of custody, and the button that acknowledges an
    # arrested person's receipt: not the time "Received" of an incident or a sentence.
    "custody step\x04Received": "استُلم",
    "Weapons and ammunition found": "الأسلحة والذخائر المضبوطة",
    "Weapon or ammunition found": "سلاح أو ذخيرة مضبوطة",
    "A row left without a category adds nothing.": "الصف المتروك دون صنف لا يُضيف شيئًا.",
    "acknowledge\x04Received": "تأكيد الاستلام",
    # ---- civilian harm (opsroom.casualties): the models' choices -------------------------
    "Civilian harm": "الضرر بالمدنيين",
    "The exact day": "اليوم بعينه",
    "Within the week": "خلال الأسبوع",
    "Within the month": "خلال الشهر",
    "The exact place": "المكان بعينه",
    "Near the place": "قرب المكان",
    "Only the district or region": "المحلة أو المنطقة فقط",
    # As opsroom.casualties.queries.STATE_LABELS writes them in the report.
    "Unverified": "غير متحقق منه",
    "Corroborated": "مؤيَّد بمصدرين",
    "Verified": "متحقق منه",
    "Disputed": "متنازع عليه",
    "Rejected": "مرفوض",
    "date": "التاريخ",
    "time precision": "دقة التاريخ",
    "event type": "نوع الواقعة",
    "sub-event type": "النوع الفرعي للواقعة",
    "actor 1": "الطرف الأول",
    "actor 2": "الطرف الثاني",
    "civilians targeted": "استهداف المدنيين",
    "geo precision": "دقة الموقع",
    "Child (0–17)": "طفل (0–17)",
    "Adult (18–59)": "بالغ (18–59)",
    "Older person (60+)": "مسنّ (60+)",
    "Civilian": "مدني",
    "Not a civilian (combatant, armed)": "غير مدني (مقاتل، مسلّح)",
    # A victim's outcome; the columns of counts are "figure\x04Killed" below.
    "Killed": "قُتل",
    "Injured": "أُصيب",
    "Missing": "مفقود",
    "figure\x04Killed": "القتلى",
    "figure\x04Injured": "الجرحى",
    "figure\x04Missing": "المفقودون",
    "Gunfire": "إطلاق نار",
    "Shelling or rockets": "قصف مدفعي أو صاروخي",
    "Air or drone strike": "غارة جوية أو بطائرة مسيّرة",
    "Explosive device": "عبوة ناسفة",
    "Assault": "اعتداء جسدي",
    "Abduction": "اختطاف",
    "Fire": "حريق",
    "age": "العمر",
    "age band": "الفئة العمرية",
    "civilian status": "الصفة المدنية",
    "outcome": "المآل",
    "cause": "السبب",
    "perpetrator as attributed": "الفاعل كما تنسبه المصادر",
    "Hospital record": "سجل مستشفى",
    "Witness": "شاهد",
    "Family": "الأسرة",
    "Official statement": "بيان رسمي",
    "Media": "وسائل الإعلام",
    "NGO": "منظمة غير حكومية",
    "Social post forwarded by a person": "منشور على وسائل التواصل أرسله شخص",
    "A — completely reliable": "A — موثوق تماماً",
    "B — usually reliable": "B — موثوق عادةً",
    "C — fairly reliable": "C — موثوق إلى حدٍّ ما",
    "D — not usually reliable": "D — غير موثوق عادةً",
    "E — unreliable": "E — غير موثوق",
    "F — reliability cannot be judged": "F — لا يمكن الحكم على موثوقيته",
    "1 — confirmed by other sources": "1 — مؤكَّد من مصادر أخرى",
    "2 — probably true": "2 — صحيح على الأرجح",
    "3 — possibly true": "3 — ربما يكون صحيحاً",
    "4 — doubtful": "4 — مشكوك فيه",
    "5 — improbable": "5 — مستبعَد",
    "6 — truth cannot be judged": "6 — لا يمكن الحكم على صحته",
    "name or description": "الاسم أو الوصف",
    "organisation": "الجهة",
    "reliability": "الموثوقية",
    "credibility": "المصداقية",
    "what it says": "ما يقوله",
    "Libyana": "ليبيانا",
    "Al-Madar Al-Jadeed": "المدار الجديد",
    "Landline company (Libya Post, Telecommunication & IT)": (
        "شركة الهاتف الثابت (الشركة الليبية للبريد والاتصالات وتقنية المعلومات)"
    ),
    "Libya Telecom & Technology (internet)": "ليبيا للاتصالات والتقنية (الإنترنت)",
    "Other internet provider": "مزوّد إنترنت آخر",
    "Not known yet": "غير معروف بعد",
    "Mobile voice": "المكالمات الخلوية",
    "SMS": "الرسائل القصيرة",
    "Mobile data": "بيانات الهاتف المحمول",
    "Landline": "الهاتف الثابت",
    "Internet": "الإنترنت",
    "Proposed (a site went silent)": "مقترَح (انقطع موقع عن المزامنة)",
    "Confirmed": "مؤكَّد",
    "Dismissed": "مستبعَد",
    "operator": "المشغّل",
    "from": "من",
    "until": "حتى",
    # ACLED's event and sub-event types (opsroom.casualties.templatetags).
    "ACLED\x04Battles": "معارك",
    "ACLED\x04Explosions/Remote violence": "تفجيرات/عنف عن بُعد",
    "ACLED\x04Violence against civilians": "عنف ضد المدنيين",
    "ACLED\x04Protests": "احتجاجات",
    "ACLED\x04Riots": "أعمال شغب",
    "ACLED\x04Strategic developments": "تطورات استراتيجية",
    "ACLED\x04Armed clash": "اشتباك مسلح",
    "ACLED\x04Government regains territory": "الحكومة تستعيد أراضيَ",
    "ACLED\x04Non-state actor overtakes territory": "طرف غير حكومي يسيطر على أراضٍ",
    "ACLED\x04Chemical weapon": "سلاح كيميائي",
    "ACLED\x04Air/drone strike": "غارة جوية/بطائرة مسيّرة",
    "ACLED\x04Suicide bomb": "تفجير انتحاري",
    "ACLED\x04Shelling/artillery/missile attack": "قصف/مدفعية/هجوم صاروخي",
    "ACLED\x04Remote explosive/landmine/IED": "متفجرات عن بُعد/لغم أرضي/عبوة ناسفة",
    "ACLED\x04Grenade": "قنبلة يدوية",
    "ACLED\x04Sexual violence": "عنف جنسي",
    "ACLED\x04Attack": "هجوم",
    "ACLED\x04Abduction/forced disappearance": "اختطاف/إخفاء قسري",
    "ACLED\x04Peaceful protest": "احتجاج سلمي",
    "ACLED\x04Protest with intervention": "احتجاج مع تدخّل",
    "ACLED\x04Excessive force against protesters": "استخدام مفرط للقوة ضد المحتجين",
    "ACLED\x04Violent demonstration": "تظاهرة عنيفة",
    "ACLED\x04Mob violence": "عنف جماعي",
    "ACLED\x04Agreement": "اتفاق",
    "ACLED\x04Arrests": "اعتقالات",
    "ACLED\x04Change to group/activity": "تغيّر في جماعة/نشاط",
    "ACLED\x04Disrupted weapons use": "إحباط استخدام أسلحة",
    "ACLED\x04Headquarters or base established": "إنشاء مقر أو قاعدة",
    "ACLED\x04Looting/property destruction": "نهب/تدمير ممتلكات",
    "ACLED\x04Non-violent transfer of territory": "انتقال غير عنيف للسيطرة على أراضٍ",
    "ACLED\x04Other": "أخرى",
    # ---- civilian harm: the console's pages ---------------------------------------------
    "Outages": "الانقطاعات",
    "Events": "الوقائع",
    "Record an event": "تسجيل واقعة",
    "Review queue": "قائمة المراجعة",
    "Outage log": "سجل الانقطاعات",
    "Sharing with monitors": "المشاركة مع جهات الرصد",
    "held by %(who)s until %(until)s": "محجوزة لدى %(who)s حتى %(until)s",
    "free": "غير محجوزة",
    (
        "One record per event: when and where, what happened as ACLED's codebook names it, the "
        "people harmed, and every figure as a range (minimum–maximum, with the best estimate) "
        "with the sources behind it. A second protection officer reviews each event."
    ): (
        "سجلٌّ واحد لكل واقعة: متى وأين، وما جرى بحسب تصنيف دليل ACLED، ومن تضرّر، وكل عدد في "
        "صورة نطاق (الحد الأدنى–الحد الأقصى، مع أفضل تقدير) ومعه مصادره. ويراجع كلَّ واقعة ضابطُ "
        "حماية ثانٍ."
    ),
    (
        "You see what the sharing agreement with your organisation gives. Every list, event, "
        "export and report you receive is recorded in the ledger."
    ): (
        "ترى ما يتيحه اتفاق المشاركة مع جهتك. وتُسجَّل في دفتر التسليم كل قائمة وواقعة وتصدير "
        "وتقرير تتسلّمه."
    ),
    "Filters": "التصفية",
    "All districts": "كل المحلات",
    "All states": "كل الحالات",
    "Filter": "تصفية",
    "Clear": "مسح",
    "Exports and the report": "التصدير والتقرير",
    "CSV with ACLED's column names": "ملف CSV بأسماء أعمدة ACLED",
    "(these filters)": "(بهذه التصفية)",
    "CSV with HXL hashtags": "ملف CSV بوسوم HXL",
    "The summary report for %(start)s – %(end)s (PDF):": (
        "التقرير الموجز للفترة %(start)s – %(end)s (PDF):"
    ),
    "Every export and report is recorded in the audit log.": (
        "يُسجَّل كل تصدير وتقرير في سجل التدقيق."
    ),
    "The newest %(n)s are shown: narrow the filters to see the others.": (
        "تُعرض أحدث %(n)s واقعة: ضيّق التصفية لرؤية غيرها."
    ),
    "Date": "التاريخ",
    "Event type": "نوع الواقعة",
    "Review": "المراجعة",
    "Figures: minimum–maximum (best estimate).": "الأعداد: الحد الأدنى–الحد الأقصى (أفضل تقدير).",
    "Figures: minimum–maximum (best estimate)": "الأعداد: الحد الأدنى–الحد الأقصى (أفضل تقدير)",
    "No event matches.": "لا واقعة تطابق.",
    "a date, YYYY-MM-DD": "تاريخ بالصيغة YYYY-MM-DD",
    "Record a harm event": "تسجيل واقعة ضرر",
    (
        "One form for the event, its sources and the people it harmed. The event is saved first, "
        "then each source, then each victim: if a step is refused, the error is shown beside its "
        "field and nothing saved before is lost."
    ): (
        "نموذج واحد للواقعة ومصادرها ومن تضرّر فيها. تُحفظ الواقعة أولاً، ثم كل مصدر، ثم كل ضحية: "
        "إن رُفضت خطوة ظهر الخطأ بجوار حقله، ولا يضيع شيء مما حُفظ قبلها."
    ),
    "The event": "الواقعة",
    "Time precision": "دقة التاريخ",
    "Event type (ACLED)": "نوع الواقعة (تصنيف ACLED)",
    "Sub-event type": "النوع الفرعي",
    "Civilians were targeted": "استُهدف المدنيون",
    "From the coordinates": "من الإحداثيات",
    "Geo precision": "دقة الموقع",
    "The actors, as the sources attribute them": "الأطراف، كما تنسبها المصادر",
    "Write what the sources say, never a judgement of ours.": (
        "اكتب ما تقوله المصادر، لا حكماً من عندنا."
    ),
    "Actor 1": "الطرف الأول",
    "Associated with actor 1": "المرتبط بالطرف الأول",
    "Actor 2": "الطرف الثاني",
    "Associated with actor 2": "المرتبط بالطرف الثاني",
    "The figures, as ranges": "الأعداد، في صورة نطاقات",
    (
        "A source that says “at least 4” and one that says “up to 9” both fit 4–9. The best "
        "estimate lies between them (empty: the minimum)."
    ): (
        "مصدر يقول «4 على الأقل» وآخر يقول «حتى 9» يتّسع لهما النطاق 4–9. وأفضل تقدير يقع بينهما "
        "(إن تُرك فارغاً فهو الحد الأدنى)."
    ),
    "Figure": "العدد",
    "Minimum": "الحد الأدنى",
    "Maximum": "الحد الأقصى",
    "Best estimate": "أفضل تقدير",
    "Sources": "المصادر",
    (
        "Graded on the Admiralty scale: how reliable the source is (A–F) and how credible what "
        "it says is (1–6). Two sources are independent when they are of different kinds or of "
        "different organisations."
    ): (
        "تُصنَّف على سُلّم الأدميرالية: مدى موثوقية المصدر (A–F) ومدى مصداقية ما يقوله (1–6). "
        "ويكون المصدران مستقلين إذا اختلف نوعاهما أو اختلفت جهتاهما."
    ),
    "Add a source": "أضف مصدراً",
    "Victims": "الضحايا",
    (
        "Each person known. A new victim is compared by name with the victims of events within "
        "%(km)s km and %(days)s days; likely duplicates are shown before saving."
    ): (
        "كل شخص معروف. تُقارَن الضحية الجديدة بالاسم مع ضحايا الوقائع في حدود %(km)s كم "
        "و%(days)s يوماً، وتظهر التكرارات المحتملة قبل الحفظ."
    ),
    "Add a victim": "أضف ضحية",
    "Save the event, its sources and its victims": "احفظ الواقعة ومصادرها وضحاياها",
    "Name or description": "الاسم أو الوصف",
    "Organisation": "الجهة",
    "Reliability of the source": "موثوقية المصدر",
    "Credibility of what it says": "مصداقية ما يقوله",
    "Its own figures (leave empty what it does not say)": "أعداده هو (اترك فارغاً ما لا يذكره)",
    "at least": "على الأقل",
    "at most": "على الأكثر",
    "What it says, in a few words": "ما يقوله، في كلمات قليلة",
    "Its archived copy (kept with its SHA-256, never overwritten)": (
        "نسخته المؤرشفة (تُحفظ مع بصمتها SHA-256 ولا يُكتب فوقها أبداً)"
    ),
    "The text as received": "النص كما ورد",
    "Or a file (a photo, a scan, a recording; at most %(n)s kB)": (
        "أو ملف (صورة، مسح ضوئي، تسجيل؛ %(n)s كيلوبايت على الأكثر)"
    ),
    "Remove source": "احذف المصدر",
    "Victim": "الضحية",
    "Name (empty: not known)": "الاسم (فارغ: غير معروف)",
    "Alias": "الاسم المستعار",
    "Outcome": "المآل",
    "Age": "العمر",
    "Age band": "الفئة العمرية",
    "Sex": "الجنس",
    "Civilian status": "الصفة المدنية",
    "Cause": "السبب",
    "Perpetrator, as attributed": "الفاعل، كما يُنسب إليه",
    "Attributed by": "نسبه إليه",
    "Remove victim": "احذف الضحية",
    (
        "Victims recorded nearby may be this person. Look at them; tick those who are someone "
        "else, and save again."
    ): (
        "قد يكون هذا الشخص من بين ضحايا مسجَّلين قريباً. انظر فيهم؛ علّم من هو شخص آخر، واحفظ من "
        "جديد."
    ),
    "Recorded nearby with a similar name:": "مسجَّلون قريباً باسم مشابه:",
    "This is another person": "هذا شخص آخر",
    "match": "تطابق",
    "event of": "واقعة",
    "Open the event": "افتح الواقعة",
    "The file is larger than %(n)s kB.": "الملف أكبر من %(n)s كيلوبايت.",
    (
        "The event is recorded. What follows is added to it; if a step fails, correct it here "
        "and save again, or continue on the event's page."
    ): (
        "سُجّلت الواقعة. وما يلي يُضاف إليها؛ إن أخفقت خطوة فصحّحها هنا واحفظ من جديد، أو تابع "
        "في صفحة الواقعة."
    ),
    "Everything is saved; opening the event.": "حُفظ كل شيء؛ تُفتح الواقعة.",
    # An event's page.
    "Shared under your organisation's agreement; this read is recorded in the ledger.": (
        "مُتاحة بموجب اتفاق جهتك؛ وتُسجَّل هذه القراءة في دفتر التسليم."
    ),
    "Actors, as attributed by the sources": "الأطراف، كما تنسبها المصادر",
    "Civilians targeted": "استهداف المدنيين",
    "Recorded by": "سجّلها",
    "Incidents of the operations room": "بلاغات غرفة العمليات",
    "an incident you cannot read": "بلاغ لا تملك صلاحية قراءته",
    "Link an incident of the operations room about the same event": (
        "اربط بلاغاً من بلاغات غرفة العمليات عن الواقعة نفسها"
    ),
    "Link": "اربط",
    "Some sources give figures outside the event's range: look at them before reviewing.": (
        "بعض المصادر تذكر أعداداً خارج نطاق الواقعة: انظر فيها قبل المراجعة."
    ),
    "Lock": "الحجز",
    (
        "A protection officer who did not record the event reviews it. Taking it for review "
        "holds it for %(n)s minutes: nobody else changes or reviews it meanwhile."
    ): (
        "يراجع الواقعةَ ضابطُ حماية لم يسجّلها. وأخذُها للمراجعة يحجزها له %(n)s دقيقة: لا يغيّرها "
        "غيره ولا يراجعها في أثناء ذلك."
    ),
    "You recorded this event: another protection officer reviews it.": (
        "سجّلتَ هذه الواقعة: يراجعها ضابط حماية آخر."
    ),
    "Take for review": "خذها للمراجعة",
    "Let it go without reviewing": "اتركها دون مراجعة",
    "New state": "الحالة الجديدة",
    (
        "Corroborated needs two independent sources (of different kinds, or of different "
        "organisations); verified also needs one of them graded B2 or better. The review is "
        "signed, appended to the event's history and to the audit log."
    ): (
        "التأييد يحتاج إلى مصدرين مستقلين (من نوعين مختلفين، أو من جهتين مختلفتين)؛ والتحقق "
        "يحتاج فوق ذلك إلى أن يكون أحدهما مصنَّفاً B2 أو أفضل. والمراجعة موقَّعة، تُضاف إلى تاريخ "
        "الواقعة وإلى سجل التدقيق."
    ),
    "Record the review": "سجّل المراجعة",
    "Not possible yet. The event needs:": "غير ممكن بعد. تحتاج الواقعة إلى:",
    (
        "two independent sources: of different kinds, or of different organisations (it has "
        "%(n)s source(s))"
    ): "مصدرين مستقلين: من نوعين مختلفين، أو من جهتين مختلفتين (لديها الآن %(n)s مصدر)",
    "a source graded B2 or better (reliability A or B, credibility 1 or 2)": (
        "مصدر مصنَّف B2 أو أفضل (موثوقية A أو B، ومصداقية 1 أو 2)"
    ),
    "a source independent of the one graded B2 or better": (
        "مصدر مستقل عن المصدر المصنَّف B2 أو أفضل"
    ),
    "The sources are not shared under the agreement.": "المصادر غير مشمولة بالاتفاق.",
    "Grade": "التصنيف",
    "Archived copy": "النسخة المؤرشفة",
    "recorded by": "سجّله",
    "Open the archived copy": "افتح النسخة المؤرشفة",
    (
        "The grade is the Admiralty scale's: the source's reliability (A completely reliable … "
        "F cannot be judged) and the credibility of what it says (1 confirmed … 6 cannot be "
        "judged). Opening an archived copy is recorded in the audit log."
    ): (
        "التصنيف على سُلّم الأدميرالية: موثوقية المصدر (A موثوق تماماً … F لا يمكن الحكم عليها) "
        "ومصداقية ما يقوله (1 مؤكَّد … 6 لا يمكن الحكم عليها). ويُسجَّل فتح أي نسخة مؤرشفة في "
        "سجل التدقيق."
    ),
    "No source yet: an event is corroborated by two independent sources.": (
        "لا مصدر بعد: تتأيّد الواقعة بمصدرين مستقلين."
    ),
    "Save the source": "احفظ المصدر",
    "not known": "غير معروف",
    "withheld": "محجوب",
    "Victims' names are not shared under the agreement.": "أسماء الضحايا غير مشمولة بالاتفاق.",
    "No victim recorded by name yet.": "لم تُسجَّل ضحية بعد.",
    "Victims are not shared under the agreement.": "الضحايا غير مشمولين بالاتفاق.",
    (
        "As the name is typed, victims of events within %(km)s km and %(days)s days whose name "
        "may be this one are shown."
    ): (
        "في أثناء كتابة الاسم يظهر ضحايا الوقائع في حدود %(km)s كم و%(days)s يوماً ممن قد يكون "
        "هذا اسمهم."
    ),
    "Save the victim": "احفظ الضحية",
    "Review history": "تاريخ المراجعات",
    "When": "متى",
    "Reviewer": "المراجِع",
    "Digest": "البصمة",
    (
        "Each review is signed by the site where it was made and chained to the one before it "
        "(its digest covers the previous one's), and it is in the audit log."
    ): (
        "كل مراجعة موقَّعة من الموقع الذي جرت فيه ومربوطة بالتي قبلها (بصمتها تشمل بصمة السابقة)، "
        "وهي مسجَّلة في سجل التدقيق."
    ),
    "signed at": "وُقّعت في",
    "This history does not check out:": "تاريخ المراجعات هذا لا يجتاز التحقق:",
    "Not reviewed yet.": "لم تُراجَع بعد.",
    # The review queue.
    (
        "Events waiting for a second person (unverified, corroborated or disputed), not recorded "
        "by you, the oldest first. Taking one for review holds it for %(n)s minutes."
    ): (
        "وقائع تنتظر شخصاً ثانياً (غير متحقق منها، أو مؤيَّدة، أو متنازع عليها) لم تسجّلها أنت، "
        "الأقدم أولاً. وأخذ إحداها للمراجعة يحجزها لك %(n)s دقيقة."
    ),
    "Events waiting": "وقائع تنتظر",
    "Recorded": "سُجّلت",
    "Event": "الواقعة",
    "Nothing waits for your review.": "لا شيء ينتظر مراجعتك.",
    # The outage log, and the outage layer of the board's map.
    "Telecommunications outages": "انقطاعات الاتصالات",
    (
        "Where the phones and the internet are down: the districts, the operator, the services, "
        "since when and who says so. A site that goes silent in sync is proposed here for a "
        "person to confirm or dismiss."
    ): (
        "حيث انقطع الهاتف والإنترنت: المحلات، والمشغّل، والخدمات، ومنذ متى، ومن يقول ذلك. والموقع "
        "الذي ينقطع عن المزامنة يُقترح هنا ليؤكّده شخص أو يستبعده."
    ),
    "Districts cut off now": "المحلات المنقطعة الآن",
    "Ongoing outages": "الانقطاعات الجارية",
    "since": "منذ",
    "down": "منقطعة",
    "District cut off: an ongoing, confirmed telecommunications outage": (
        "محلة منقطعة: انقطاع اتصالات مؤكَّد وجارٍ"
    ),
    "End this outage now?": "أتُنهي هذا الانقطاع الآن؟",
    "It has ended": "انتهى الانقطاع",
    "No outage is ongoing.": "لا انقطاع جارٍ.",
    "Proposals from silent sites": "مقترحات من مواقع منقطعة",
    (
        "A site stopped answering: perhaps the network is down around it, perhaps only its own "
        "link. Confirm what you find out, or dismiss it."
    ): (
        "توقّف موقع عن الرد: ربما انقطعت الشبكة من حوله، وربما انقطع اتصاله هو وحده. أكّد ما "
        "تتحقق منه، أو استبعده."
    ),
    "Site %(site)s went silent": "انقطع الموقع %(site)s",
    "Districts": "المحلات",
    "Hold Ctrl to choose several.": "اضغط Ctrl مع النقر لاختيار أكثر من واحدة.",
    "Operator": "المشغّل",
    "Services down": "الخدمات المنقطعة",
    "Confirm the outage": "أكّد الانقطاع",
    "Dismiss: not an outage": "استبعِد: ليس انقطاعاً",
    "Record an outage": "سجّل انقطاعاً",
    "Until (empty: ongoing)": "حتى (فارغ: مستمر)",
    "Record the outage": "سجّل الانقطاع",
    "The log": "السجل",
    "Nothing in the log yet.": "لا شيء في السجل بعد.",
    # Sharing with monitors, and the ledger.
    (
        "A monitor (a UN mission, say) sees only what an agreement gives it: by default "
        "corroborated and verified events, without victims' names. Everything a monitor "
        "receives is written in the ledger: who, what, when."
    ): (
        "لا ترى جهة الرصد (بعثة أممية مثلاً) إلا ما يتيحه لها اتفاق: افتراضياً الوقائع المؤيَّدة "
        "والمتحقق منها، دون أسماء الضحايا. ويُكتب كل ما تتسلّمه جهة الرصد في دفتر التسليم: من، "
        "وماذا، ومتى."
    ),
    "Agreements": "الاتفاقات",
    "States shared": "الحالات المشمولة",
    "What is included": "ما يشمله",
    "victims (age, sex, outcome)": "الضحايا (العمر، الجنس، المآل)",
    "no victims": "دون الضحايا",
    "with names": "مع الأسماء",
    "no names": "دون أسماء",
    "sources' kinds and grades": "أنواع المصادر وتصنيفاتها",
    "no sources": "دون المصادر",
    "the whole city": "المدينة كلها",
    "in force": "سارٍ",
    "End this agreement now? The monitor receives nothing more under it.": (
        "أتُنهي هذا الاتفاق الآن؟ لن تتسلّم جهة الرصد شيئاً بموجبه بعد ذلك."
    ),
    "End the agreement": "أنهِ الاتفاق",
    "No agreement yet.": "لا اتفاق بعد.",
    "A new agreement": "اتفاق جديد",
    "Reference of the agreement": "مرجع الاتفاق",
    "Victims: age, sex, civilian status, outcome": "الضحايا: العمر، الجنس، الصفة المدنية، المآل",
    "Victims' names": "أسماء الضحايا",
    "The sources' kinds and grades (never their archived copies)": (
        "أنواع المصادر وتصنيفاتها (دون نسخها المؤرشفة أبداً)"
    ),
    "Districts (none chosen: the whole city)": "المحلات (إن لم يُختر شيء: المدينة كلها)",
    "Until (empty: no end date)": "حتى (فارغ: دون تاريخ انتهاء)",
    "Agree": "اعتمد الاتفاق",
    "No monitoring agency is set up: an administrator adds one (an agency of kind monitor).": (
        "لا توجد جهة رصد مُعدّة: يضيفها مدير النظام (جهة من نوع «جهة رقابية»)."
    ),
    "The ledger": "دفتر التسليم",
    "Who": "من",
    "Nothing received yet.": "لم يُتسلَّم شيء بعد.",
    "the list of events": "قائمة الوقائع",
    "one event": "واقعة واحدة",
    "the ACLED export": "تصدير ACLED",
    "the HXL export": "تصدير HXL",
    "the summary": "الملخص",
    "the PDF report": "تقرير PDF",
    # The weekly CompStat report (opsroom.stats.report): no harakat, as text extraction
    # (pdftotext, search, screen readers) sets them apart from their letters.
    "Weekly CompStat report": "التقرير الأسبوعي للإحصاءات المقارنة",
    "significant rise": "ارتفاع دال إحصائيا",
    "significant fall": "انخفاض دال إحصائيا",
    "not significant": "غير دال إحصائيا",
    "small count": "عدد صغير",
    "%(start)s to %(end)s": "من %(start)s إلى %(end)s",
    "Last 7 days": "آخر 7 أيام",
    "Last 28 days": "آخر 28 يوما",
    "Year to date": "منذ بداية السنة",
    "Call to dispatch": "من البلاغ إلى الإرسال",
    "Dispatch to arrival": "من الإرسال إلى الوصول",
    "The report describes places and periods, never persons.": (
        "يصف التقرير أماكن وفترات زمنية، ولا يتناول أشخاصا أبدا."
    ),
    "SYNTHETIC DEMO DATA": "بيانات تجريبية اصطناعية",
    "Scope": "النطاق",
    "CompStat by type group": "المقارنة حسب مجموعة البلاغات",
    "Type group": "المجموعة",
    "Current": "الحالية",
    "Previous": "السابقة",
    "Significance": "الدلالة",
    "Last year": "قبل سنة",
    "CompStat by district, last 28 days": "المقارنة حسب المحلة، آخر 28 يوما",
    "Trend: incidents per week, last 12 weeks": "الاتجاه: البلاغات في كل أسبوع، آخر 12 أسبوعا",
    "Solid line: the last 12 weeks, the week reported last, its count written; dashed: the "
    "same weeks a year earlier. Time runs from left to right.": (
        "الخط المتصل: آخر 12 أسبوعا، وآخرها أسبوع التقرير مكتوبا عدده؛ الخط المتقطع: الأسابيع "
        "نفسها قبل سنة. يسير الزمن من اليسار إلى اليمين."
    ),
    "All incidents": "كل البلاغات",
    "Response times by priority": "أزمنة الاستجابة حسب الأولوية",
    "Target": "الهدف",
    "This week": "هذا الأسبوع",
    "Median": "الوسيط",
    "90th percentile": "المئين 90",
    "Within target": "ضمن الهدف",
    "Target met": "تحقق الهدف",
    "met": "محقق",
    "not met": "غير محقق",
    "All priorities": "كل الأولويات",
    "Hot cell: significantly more incidents than chance would give": (
        "خلية ساخنة: بلاغات أكثر مما تعطيه الصدفة، بدلالة إحصائية"
    ),
    "Cold cell: significantly fewer": "خلية باردة: بلاغات أقل، بدلالة إحصائية",
    "Cell with incidents, not significant": "خلية فيها بلاغات، دون دلالة إحصائية",
    "District boundary": "حدود المحلة",
    "%(current)s, against the same days a year earlier, %(last_year)s": (
        "%(current)s، مقارنة بالأيام نفسها قبل سنة %(last_year)s"
    ),
    "%(current)s, against %(previous)s and a year earlier, %(last_year)s": (
        "%(current)s، مقارنة بالفترة السابقة %(previous)s وبالفترة نفسها قبل سنة %(last_year)s"
    ),
    "%(n)s districts with fewer incidents or none are not listed; the total counts them.": (
        "محلات أقل بلاغات أو بلا بلاغات لم تدرج في الجدول: %(n)s، والمجموع يشملها."
    ),
    "compass\x04N": "ش",
    "Hotspot map": "خريطة البؤر الساخنة",
    "Hotspots: %(group)s, last 28 days": "البؤر الساخنة: %(group)s، آخر 28 يوما",
    "%(statistic)s over square cells of %(cell)s m, each with the eight around it; p-values "
    "corrected for the false discovery rate (%(correction)s), a cell is hot or cold when "
    "%(test)s, and a hot cell holds at least %(min)s incidents itself.": (
        "إحصاء %(statistic)s على خلايا مربعة ضلعها %(cell)s م، مع الخلايا الثماني المحيطة "
        "بكل خلية؛ صححت القيم الاحتمالية لمعدل الاكتشاف الخاطئ (%(correction)s)، فتعد الخلية "
        "ساخنة أو باردة عندما تكون %(test)s، ولا تعد ساخنة إلا إذا كان فيها نفسها %(min)s "
        "بلاغات على الأقل."
    ),
    "%(total)s incidents in the map's cells: %(hot)s hot cells, %(cold)s cold cells; "
    "%(outside)s without a location in a cell are not mapped.": (
        "البلاغات في خلايا الخريطة: %(total)s؛ الخلايا الساخنة: %(hot)s، الخلايا الباردة: "
        "%(cold)s؛ بلاغات لم ترسم لأن موقعها ليس في خلية: %(outside)s."
    ),
    "No hot cell in this period.": "لا توجد خلية ساخنة في هذه الفترة.",
    "Hot cells lie in: %(names)s.": "تقع الخلايا الساخنة في: %(names)s.",
    "The scale bar is in kilometres.": "شريط المقياس بالكيلومتر.",
    "Week %(week)s: %(start)s to %(end)s": "الأسبوع %(week)s: من %(start)s إلى %(end)s",
    "Generated %(at)s": "أعد في %(at)s",
    "Counts are read from the daily rollup of incidents, merged duplicates left out; a change "
    "is significant only when an exact Poisson test gives %(test)s, and fewer than "
    "%(small)s incidents in the two periods together is a small count, never marked.": (
        "الأعداد مأخوذة من الجدول اليومي المجمع للبلاغات، دون البلاغات المكررة المدمجة؛ ولا يعد "
        "التغير دالا إلا إذا أعطى اختبار بواسون الدقيق %(test)s، وإذا قل مجموع البلاغات في "
        "الفترتين عن %(small)s فهو عدد صغير لا يعلم عليه."
    ),
    "Minutes and seconds. A target is met when at least %(pct)s of the incidents are within "
    "their priority's target; percentiles are nearest-rank. No target is set for arrival to "
    "close.": (
        "الأزمنة بالدقائق والثواني. يتحقق الهدف عندما يكون %(pct)s من البلاغات على الأقل ضمن هدف "
        "أولويتها؛ والمئينات بطريقة الرتبة الأقرب. لا هدف محدد لما بين الوصول والإغلاق."
    ),
    "%(dash)s: no percentage, as the earlier count is zero.": (
        "%(dash)s: لا نسبة مئوية لأن العدد السابق صفر."
    ),
    # ---- statistics: the console's pages (opsroom.stats views and templates) ------------
    "Statistics": "الإحصاءات",
    "CompStat": "الإحصاءات المقارنة",
    "Response times": "أزمنة الاستجابة",
    "Weekly reports": "التقارير الأسبوعية",
    "Wall display for the meeting": "شاشة العرض للاجتماع",
    "Statistics: CompStat": "الإحصاءات: الإحصاءات المقارنة",
    "CompStat: is crime going up or down?": "الإحصاءات المقارنة: هل ترتفع الجريمة أم تنخفض؟",
    "Whose incidents are counted:": "بلاغات من تُعدّ:",
    (
        "Counted: incidents on the local day they were received, in the district and under the "
        "type they have now; duplicates merged into another are not counted. A change is "
        "significant when the exact Poisson test gives p below %(alpha)s; fewer than %(small)s "
        "incidents in both periods together is a small count."
    ): (
        "طريقة العدّ: يُعدّ البلاغ في اليوم المحلي الذي ورد فيه، وفي المحلة وتحت النوع اللذين له "
        "الآن؛ ولا تُعدّ البلاغات المكررة المدمجة في غيرها. يكون التغيير دالا إحصائيا حين يعطي "
        "اختبار بواسون الدقيق قيمة p أقل من %(alpha)s؛ وأقل من %(small)s بلاغات في الفترتين معا "
        "عدد صغير."
    ),
    "What to count": "ما يُعدّ",
    "Window": "الفترة",
    "Last day counted": "آخر يوم محسوب",
    "Empty: yesterday": "فارغ: أمس",
    "Rows by": "الصفوف حسب",
    "Incident type": "نوع البلاغ",
    "Every type": "كل الأنواع",
    "Nothing is counted until the field marked above is corrected.": (
        "لا يُعدّ شيء حتى يُصحَّح الحقل المعلَّم أعلاه."
    ),
    "Incidents by %(by)s": "البلاغات حسب %(by)s",
    "Incidents in %(period)s, against the period before and the same days a year earlier": (
        "البلاغات في %(period)s، مقارنة بالفترة السابقة وبالأيام نفسها قبل سنة"
    ),
    "This period": "هذه الفترة",
    "The period before": "الفترة السابقة",
    "A year earlier": "قبل سنة",
    "Nothing to count.": "لا شيء يُعدّ.",
    "Total": "المجموع",
    "A change is shown in per cent of the period compared with; — where that period had none.": (
        "يُعرض التغيير نسبةً مئوية من الفترة المقارَن بها، وتظهر — حيث لم يكن فيها شيء."
    ),
    "This table as CSV": "هذا الجدول بصيغة CSV",
    "Hotspots: %(group)s, %(period)s": "البؤر الساخنة: %(group)s، %(period)s",
    "Map of hotspots": "خريطة البؤر الساخنة",
    (
        "Hotspot: more incidents here and around than chance would put there (Getis-Ord Gi*, "
        "false discovery rate below %(alpha)s, at least %(n)s incidents in the cell)"
    ): (
        "بؤرة ساخنة: بلاغات هنا وحولها أكثر مما تضعه الصدفة (Getis-Ord Gi*، معدل الاكتشاف الخاطئ "
        "أقل من %(alpha)s، و%(n)s بلاغات على الأقل في الخلية)"
    ),
    "Cold spot: fewer than chance": "بؤرة باردة: أقل مما تضعه الصدفة",
    "Incidents, not significant": "بلاغات، غير دالة إحصائيا",
    "hotspot": "بؤرة ساخنة",
    "cold spot": "بؤرة باردة",
    "Hotspots": "البؤر الساخنة",
    "Cold spots": "البؤر الباردة",
    "Incidents on the map": "البلاغات على الخريطة",
    "outside the districts": "خارج المحلات",
    "The hotspot layer could not be loaded.": "تعذّر تحميل طبقة البؤر الساخنة.",
    (
        "Incidents in each of the last %(n)s weeks, oldest first: %(values)s. The dashed line: "
        "the same weeks a year earlier."
    ): (
        "البلاغات في كل أسبوع من آخر %(n)s أسبوعا، الأقدم أولا: %(values)s. الخط المتقطع: "
        "الأسابيع نفسها قبل سنة."
    ),
    (
        "Bars: incidents each week (week numbers below; the last, darker, up to the last day "
        "counted). Dashed line: the same weeks a year earlier."
    ): (
        "الأعمدة: البلاغات في كل أسبوع (أرقام الأسابيع تحتها؛ آخرها، الأغمق، حتى آخر يوم محسوب). "
        "الخط المتقطع: الأسابيع نفسها قبل سنة."
    ),
    "What the police did": "ما أنجزته الشرطة",
    "Arrests, warrants, sentences, weapons and drug dens in the same periods": (
        "عمليات القبض والأوامر والأحكام والأسلحة وأوكار المخدرات في الفترات نفسها"
    ),
    "Measure": "المؤشر",
    "Response times by priority, incidents received in %(period)s": (
        "أزمنة الاستجابة حسب الأولوية، للبلاغات الواردة في %(period)s"
    ),
    "By district, type group or week": "حسب المحلة أو المجموعة أو الأسبوع",
    "Arrival to close": "من الوصول إلى الإغلاق",
    "Priority %(n)s": "الأولوية %(n)s",
    "p50": "الوسيط (p50)",
    "p90": "المئين 90 (p90)",
    "Met": "تحقق الهدف",
    "No incident in this period.": "لا بلاغ في هذه الفترة.",
    (
        "Times in minutes and seconds (m:ss). p50: half the incidents took this long or less; "
        "p90: nine in ten."
    ): (
        "الأزمنة بالدقائق والثواني (د:ث). p50: نصف البلاغات استغرق هذا الزمن أو أقل؛ p90: تسعة "
        "من كل عشرة."
    ),
    "Targets and where they come from": "الأهداف ومصادرها",
    "Response-time targets by priority": "أهداف زمن الاستجابة حسب الأولوية",
    (
        "Call to dispatch: NFPA 1221 (2019) and NFPA 1225 (2022), alarm processing: 60 seconds "
        "for 90%% of the highest-priority calls. Configured for priority 1: %(s)s."
    ): (
        "من البلاغ إلى الإرسال: NFPA 1221 (2019) وNFPA 1225 (2022)، معالجة البلاغ: 60 ثانية "
        "لـ90%% من بلاغات الأولوية القصوى. المضبوط للأولوية 1: %(s)s."
    ),
    (
        "Dispatch to arrival: NFPA 1710, travel time of the first unit to arrive: 240 seconds "
        "for 90%% of incidents. Configured for priority 1: %(s)s."
    ): (
        "من الإرسال إلى الوصول: NFPA 1710، زمن انتقال أول وحدة تصل: 240 ثانية لـ90%% من "
        "البلاغات. المضبوط للأولوية 1: %(s)s."
    ),
    "The targets of priorities 2 to 4 are this system's defaults, not a standard's.": (
        "أهداف الأولويات من 2 إلى 4 قيم افتراضية لهذا النظام، لا من معيار."
    ),
    (
        "Call answering: NENA's 9-1-1 Call Processing Standard (NENA-STA-020), 90%% of calls "
        "answered within %(s)s seconds. Not measured: the room's telephones do not report ring "
        "times yet."
    ): (
        "الرد على المكالمات: معيار NENA لمعالجة مكالمات الطوارئ (NENA-STA-020)، الرد على 90%% من "
        "المكالمات خلال %(s)s ثانية. غير مقيس: لا تُبلغ هواتف الغرفة عن مدة الرنين بعد."
    ),
    (
        "A target is met when at least %(pct)s%% of the incidents are within their own "
        "priority's target. Percentiles are nearest-rank; an interval is left out when one of "
        "its clocks is missing or runs backwards."
    ): (
        "يتحقق الهدف حين تكون %(pct)s%% على الأقل من البلاغات ضمن هدف أولويتها. المئينات بطريقة "
        "أقرب رتبة، وتُستبعد المدة إذا غاب أحد توقيتيها أو جاء معكوسا."
    ),
    "Statistics: response times": "الإحصاءات: أزمنة الاستجابة",
    (
        "Each incident's intervals as its clocks hold them: call to dispatch (received to the "
        "first unit dispatched), dispatch to arrival (to the first unit on scene), arrival to "
        "close."
    ): (
        "مدد كل بلاغ كما تسجلها توقيتاته: من البلاغ إلى الإرسال (من الاستلام إلى إرسال أول "
        "وحدة)، ومن الإرسال إلى الوصول (إلى وصول أول وحدة إلى الموقع)، ومن الوصول إلى الإغلاق."
    ),
    "What to measure": "ما يُقاس",
    "Empty: 28 days before the last day": "فارغ: 28 يوما قبل آخر يوم",
    "Week": "الأسبوع",
    "Nothing is measured until the field marked above is corrected.": (
        "لا يُقاس شيء حتى يُصحَّح الحقل المعلَّم أعلاه."
    ),
    "By %(by)s, incidents received in %(period)s": "حسب %(by)s، للبلاغات الواردة في %(period)s",
    "Response times by %(by)s, %(period)s": "أزمنة الاستجابة حسب %(by)s، %(period)s",
    "Within target: the share of incidents within their own priority's target.": (
        "ضمن الهدف: نسبة البلاغات التي جاءت ضمن هدف أولويتها."
    ),
    "the rows are by district, by incident type or by type group": (
        "الصفوف حسب المحلة أو نوع البلاغ أو المجموعة"
    ),
    "the rows are by priority, district, type group or week": (
        "الصفوف حسب الأولوية أو المحلة أو المجموعة أو الأسبوع"
    ),
    "this day has not come yet": "هذا اليوم لم يأتِ بعد",
    "statistics start in 2000": "تبدأ الإحصاءات في سنة 2000",
    "no district has this code": "لا محلة بهذا الرمز",
    "no such type group": "لا توجد مجموعة بهذا الاسم",
    "no incident type has this code": "لا نوع بلاغ بهذا الرمز",
    "'from' is after 'to'": "تاريخ «من» بعد تاريخ «إلى»",
    "a period is at most %(n)s days": "لا تزيد الفترة على %(n)s يوما",
    "the window is the last 7 days, the last 28 days or the year to date": (
        "الفترة هي آخر 7 أيام أو آخر 28 يوما أو منذ بداية السنة"
    ),
    "Statistics: weekly reports": "الإحصاءات: التقارير الأسبوعية",
    "Weekly CompStat reports": "التقارير الأسبوعية للإحصاءات المقارنة",
    (
        "A report is made every week for the week just ended, in Arabic and in English, and kept "
        "as it was made."
    ): (
        "يُعدّ تقرير كل أسبوع عن الأسبوع المنتهي، بالعربية وبالإنجليزية، ويُحفظ كما أُعدّ."
    ),
    "Make a week's report now": "أعدّ تقرير أسبوع الآن",
    "Language of the report": "لغة التقرير",
    "Make the report": "أعدّ التقرير",
    (
        "Making a report takes a few seconds. It is kept beside any made before for the same "
        "week."
    ): (
        "يستغرق إعداد التقرير بضع ثوانٍ، ويُحفظ إلى جانب ما أُعدّ قبله للأسبوع نفسه."
    ),
    "Reports kept": "التقارير المحفوظة",
    "Language": "اللغة",
    "Size": "الحجم",
    "Made": "أُعدّ في",
    "Made by": "أعدّه",
    "Report": "التقرير",
    "%(n)s kB": "%(n)s ك.ب",
    "on schedule": "تلقائيا حسب الجدول",
    "PDF of %(week)s": "ملف PDF للأسبوع %(week)s",
    "No report has been made yet.": "لم يُعدّ أي تقرير بعد.",
    "Statistics: wall display": "الإحصاءات: شاشة العرض",
    "Counted to the end of %(day)s · updated %(time)s": (
        "محسوبة حتى نهاية %(day)s · حُدّثت %(time)s"
    ),
    "Incidents by type group": "البلاغات حسب المجموعة",
    "Before": "قبلها",
    (
        "Each period against the one just before it. The screen updates itself every %(n)s "
        "minutes."
    ): (
        "كل فترة مقارنة بالتي سبقتها مباشرة. تتحدّث الشاشة تلقائيا كل %(n)s دقائق."
    ),
    # opsroom.stats: the models' names
    "group": "المجموعة",
    "Arabic": "العربية",
    "English": "الإنجليزية",
    "week": "الأسبوع",
    "made": "أعد في",
}

# One entry: msgid line, then msgstr line (makemessages writes short strings on one line).
# An entry: its msgid on one line or, when long, as "" and continuation lines; its msgstr
# likewise. The whole msgstr is replaced by one line.
_QUOTED = r'"(?:[^"\\]|\\.)*"\n'
# A string with a context (pgettext, {% translate ... context ... %}) is looked up in AR as
# "context\x04msgid", gettext's own key for it.
_ENTRY = re.compile(
    rf'((?:msgctxt ({_QUOTED}))?msgid ((?:{_QUOTED})+))msgstr (?:{_QUOTED})+(?!")')
# msgmerge's guesses from similar strings: never trusted, the table decides.
# makemessages guesses ("fuzzy") from similar strings; msgfmt would drop those entries, and
# every string here has its own translation in AR, so the flag goes (alone or among others).
_FUZZY = re.compile(r"^#, fuzzy\n|^#\| .*\n", re.M)
_FUZZY_AMONG = re.compile(r"^(#,.*?)fuzzy, ", re.M)


def fill(text: str) -> tuple[str, list[str]]:
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(3)))
        if not msgid:
            return match.group(0)
        if match.group(2):
            msgid = f"{match.group(2).strip()[1:-1]}\x04{msgid}"
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
