"""The portal's starter content: real partners and the 2016 Qingdao article, plus made-up demo items.

Everything here is plain data; ``portal.site.demo.loader`` turns it into rows. Conventions:

* Translated fields are always given in both languages (``_ru`` and ``_en``); an empty string means
  "deliberately left blank", never "use the fallback".
* Date-times are either a fixed local time ``"YYYY-MM-DD HH:MM"`` or a relative one
  ``{"days_from_now": n, "time": "HH:MM"}``. They are read in the event's own time zone, or in
  ``POST_TIMEZONE`` for posts. Relative ones are computed only when the row is first created, so the
  demo's "upcoming" and "scheduled" items do not drift each time the loader runs.
* Rows refer to each other by slug.
* ``is_demo`` marks made-up content. Real organisations and the real article are not demo.
"""

from datetime import date

# The office is in St Petersburg; the original article's "Дата публикации" is Moscow time.
POST_TIMEZONE = "Europe/Moscow"

TOPICS = [
    {"slug": "technology-transfer", "name_ru": "Трансфер технологий", "name_en": "Technology transfer"},
    {"slug": "nanotechnology", "name_ru": "Нанотехнологии", "name_en": "Nanotechnology"},
    {"slug": "biotechnology", "name_ru": "Биотехнологии", "name_en": "Biotechnology"},
    {"slug": "nanomaterials", "name_ru": "Наноматериалы", "name_en": "Nanomaterials"},
    {
        "slug": "information-technology",
        "name_ru": "Информационные технологии",
        "name_en": "Information technology",
    },
    {"slug": "space-research", "name_ru": "Космические исследования", "name_en": "Space research"},
    {"slug": "academic-mobility", "name_ru": "Академическая мобильность", "name_en": "Academic mobility"},
    {
        "slug": "double-degree-programmes",
        "name_ru": "Программы двойного диплома",
        "name_en": "Double-degree programmes",
    },
    {"slug": "summer-schools", "name_ru": "Летние школы", "name_en": "Summer schools"},
    {
        "slug": "engineering-education",
        "name_ru": "Инженерное образование",
        "name_en": "Engineering education",
    },
]

# Real organisations. Coordinates are the main campus, rounded; a field is left empty when unsure.
PARTNERS = [
    {
        "slug": "asrtu",
        "kind": "association",
        "name_ru": "Ассоциация технических университетов России и Китая",
        "name_en": "Association of Sino-Russian Technical Universities",
        "short_name_ru": "АТУРК",
        "short_name_en": "ASRTU",
        "native_name": "Ассоциация технических университетов России и Китая",
        "aliases": "ATURC, 中俄工科大学联盟, 阿斯图",
        # Registered nowhere in particular; its permanent Russian co-chair, Bauman MSTU, is in Moscow.
        "country": "RU",
        "city_ru": "",
        "city_en": "",
        "website": "http://asrtu.ru/",
        "founded_year": 2011,
        "latitude": None,
        "longitude": None,
        "description_ru": (
            "Некоммерческое объединение ведущих технических университетов России и Китая, основанное в марте "
            "2011 года по инициативе МГТУ им. Н. Э. Баумана и Харбинского политехнического университета. "
            "Ассоциация содействует обмену студентами и преподавателями, совместным исследованиям и "
            "подготовке инженеров для инновационной экономики."
        ),
        "description_en": (
            "A non-profit association of leading Russian and Chinese technical universities, founded in "
            "March 2011 on the initiative of Bauman Moscow State Technical University and Harbin Institute "
            "of Technology. It promotes student and staff exchange, joint research and the training of "
            "engineers for an innovative economy."
        ),
    },
    {
        "slug": "harbin-institute-of-technology",
        "kind": "university",
        "name_ru": "Харбинский политехнический университет",
        "name_en": "Harbin Institute of Technology",
        "short_name_ru": "ХПУ",
        "short_name_en": "HIT",
        "native_name": "哈尔滨工业大学",
        "aliases": "HIT, Harbin Tech, 哈工大, ХПИ",
        "country": "CN",
        "city_ru": "Харбин",
        "city_en": "Harbin",
        "website": "https://www.hit.edu.cn/",
        "founded_year": 1920,
        "latitude": "45.744",
        "longitude": "126.630",
        "description_ru": (
            "Один из ведущих технических университетов Китая, основанный в 1920 году в Харбине. Вместе с "
            "МГТУ им. Н. Э. Баумана стал учредителем Ассоциации технических университетов России и Китая."
        ),
        "description_en": (
            "One of China's leading technical universities, founded in Harbin in 1920. Together with Bauman "
            "Moscow State Technical University it founded the Association of Sino-Russian Technical "
            "Universities."
        ),
    },
    {
        "slug": "bauman-moscow-state-technical-university",
        "kind": "university",
        "name_ru": "Московский государственный технический университет имени Н. Э. Баумана",
        "name_en": "Bauman Moscow State Technical University",
        "short_name_ru": "МГТУ им. Н. Э. Баумана",
        "short_name_en": "Bauman MSTU",
        "native_name": "Московский государственный технический университет имени Н. Э. Баумана",
        "aliases": "BMSTU, Bauman University, МГТУ, Бауманка",
        "country": "RU",
        "city_ru": "Москва",
        "city_en": "Moscow",
        "website": "https://bmstu.ru/",
        "founded_year": 1830,
        "latitude": "55.766",
        "longitude": "37.685",
        "description_ru": (
            "Один из старейших технических университетов России, основанный в 1830 году. Вместе с Харбинским "
            "политехническим университетом стал учредителем Ассоциации технических университетов России и "
            "Китая."
        ),
        "description_en": (
            "One of Russia's oldest technical universities, founded in 1830. Together with Harbin Institute "
            "of Technology it founded the Association of Sino-Russian Technical Universities."
        ),
    },
    {
        "slug": "peter-the-great-st-petersburg-polytechnic-university",
        "kind": "university",
        "name_ru": "Санкт-Петербургский политехнический университет Петра Великого",
        "name_en": "Peter the Great St. Petersburg Polytechnic University",
        "short_name_ru": "СПбПУ",
        "short_name_en": "SPbPU",
        "native_name": "Санкт-Петербургский политехнический университет Петра Великого",
        "aliases": "Polytech, Политех, SPbSPU, СПбГПУ, Leningrad Polytechnic Institute, ЛПИ",
        "country": "RU",
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "website": "https://www.spbstu.ru/",
        "founded_year": 1899,
        "latitude": "60.007",
        "longitude": "30.373",
        "description_ru": (
            "Технический университет в Санкт-Петербурге, основанный в 1899 году. Член Ассоциации технических "
            "университетов России и Китая."
        ),
        "description_en": (
            "A technical university in St. Petersburg, founded in 1899. A member of the Association of "
            "Sino-Russian Technical Universities."
        ),
    },
    {
        "slug": "itmo-university",
        "kind": "university",
        "name_ru": "Университет ИТМО",
        "name_en": "ITMO University",
        "short_name_ru": "ИТМО",
        "short_name_en": "ITMO",
        "native_name": "Национальный исследовательский университет ИТМО",
        "aliases": (
            "НИУ ИТМО, St. Petersburg National Research University of Information Technologies, Mechanics "
            "and Optics"
        ),
        "country": "RU",
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "website": "https://itmo.ru/",
        "founded_year": 1900,
        "latitude": "59.957",
        "longitude": "30.308",
        "description_ru": (
            "Университет в Санкт-Петербурге, известный подготовкой специалистов в области информационных "
            "технологий, фотоники и оптики."
        ),
        "description_en": (
            "A university in St. Petersburg known for information technology, photonics and optics."
        ),
    },
    {
        "slug": "ural-federal-university",
        "kind": "university",
        "name_ru": "Уральский федеральный университет имени первого Президента России Б. Н. Ельцина",
        "name_en": "Ural Federal University",
        "short_name_ru": "УрФУ",
        "short_name_en": "UrFU",
        "native_name": "Уральский федеральный университет имени первого Президента России Б. Н. Ельцина",
        "aliases": "Ural Federal University named after the first President of Russia B. N. Yeltsin",
        "country": "RU",
        "city_ru": "Екатеринбург",
        "city_en": "Yekaterinburg",
        "website": "https://urfu.ru/",
        "founded_year": 1920,
        "latitude": "56.844",
        "longitude": "60.654",
        "description_ru": (
            "Крупный федеральный университет в Екатеринбурге. В 2018 году провёл саммит Ассоциации "
            "технических университетов России и Китая."
        ),
        "description_en": (
            "A large federal university in Yekaterinburg. It hosted the summit of the Association of "
            "Sino-Russian Technical Universities in 2018."
        ),
    },
    {
        "slug": "moscow-aviation-institute",
        "kind": "university",
        "name_ru": "Московский авиационный институт",
        "name_en": "Moscow Aviation Institute",
        "short_name_ru": "МАИ",
        "short_name_en": "MAI",
        "native_name": "Московский авиационный институт (национальный исследовательский университет)",
        "aliases": "Moscow Aviation Institute (National Research University)",
        "country": "RU",
        "city_ru": "Москва",
        "city_en": "Moscow",
        "website": "https://mai.ru/",
        "founded_year": 1930,
        "latitude": "55.811",
        "longitude": "37.500",
        "description_ru": (
            "Ведущий российский университет в области авиационной и ракетно-космической техники, основанный "
            "в 1930 году."
        ),
        "description_en": (
            "A leading Russian university for aviation, rocket and space engineering, founded in 1930."
        ),
    },
    {
        "slug": "moscow-power-engineering-institute",
        "kind": "university",
        "name_ru": "Московский энергетический институт",
        "name_en": "Moscow Power Engineering Institute",
        "short_name_ru": "МЭИ",
        "short_name_en": "MPEI",
        "native_name": "Национальный исследовательский университет «МЭИ»",
        "aliases": "National Research University “MPEI”, НИУ «МЭИ»",
        "country": "RU",
        "city_ru": "Москва",
        "city_en": "Moscow",
        "website": "https://mpei.ru/",
        "founded_year": 1930,
        "latitude": "55.755",
        "longitude": "37.708",
        "description_ru": (
            "Технический университет в Москве, специализирующийся на энергетике, электротехнике и смежных "
            "направлениях."
        ),
        "description_en": (
            "A technical university in Moscow specialising in power engineering, electrical engineering and "
            "related fields."
        ),
    },
    {
        "slug": "saint-petersburg-electrotechnical-university-leti",
        "kind": "university",
        "name_ru": (
            "Санкт-Петербургский государственный электротехнический университет «ЛЭТИ» им. В. И. Ульянова "
            "(Ленина)"
        ),
        "name_en": "Saint Petersburg Electrotechnical University “LETI”",
        "short_name_ru": "СПбГЭТУ «ЛЭТИ»",
        "short_name_en": "ETU “LETI”",
        "native_name": (
            "Санкт-Петербургский государственный электротехнический университет «ЛЭТИ» им. В. И. Ульянова "
            "(Ленина)"
        ),
        "aliases": "LETI, ЛЭТИ, ETU",
        "country": "RU",
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "website": "https://etu.ru/",
        "founded_year": 1886,
        "latitude": "59.972",
        "longitude": "30.322",
        "description_ru": (
            "Один из старейших в Европе электротехнических университетов, основанный в Санкт-Петербурге в "
            "1886 году."
        ),
        "description_en": (
            "One of Europe's oldest electrotechnical universities, founded in St. Petersburg in 1886."
        ),
    },
    {
        "slug": "beijing-institute-of-technology",
        "kind": "university",
        "name_ru": "Пекинский технологический институт",
        "name_en": "Beijing Institute of Technology",
        "short_name_ru": "",
        "short_name_en": "BIT",
        "native_name": "北京理工大学",
        "aliases": "BIT, 北理工, Пекинский политехнический университет",
        "country": "CN",
        "city_ru": "Пекин",
        "city_en": "Beijing",
        "website": "https://www.bit.edu.cn/",
        "founded_year": 1940,
        "latitude": "39.958",
        "longitude": "116.310",
        "description_ru": "Исследовательский технический университет в Пекине, основанный в 1940 году.",
        "description_en": "A research-intensive technical university in Beijing, founded in 1940.",
    },
    {
        "slug": "beihang-university",
        "kind": "university",
        "name_ru": "Бэйханский университет",
        "name_en": "Beihang University",
        "short_name_ru": "",
        "short_name_en": "BUAA",
        "native_name": "北京航空航天大学",
        "aliases": (
            "BUAA, Beijing University of Aeronautics and Astronautics, 北航, Пекинский университет авиации и "
            "космонавтики"
        ),
        "country": "CN",
        "city_ru": "Пекин",
        "city_en": "Beijing",
        "website": "https://www.buaa.edu.cn/",
        "founded_year": 1952,
        "latitude": "39.981",
        "longitude": "116.347",
        "description_ru": (
            "Университет в Пекине, основанный в 1952 году; специализируется на авиационной и космической "
            "технике."
        ),
        "description_en": (
            "A university in Beijing, founded in 1952, specialising in aeronautics and astronautics."
        ),
    },
    {
        "slug": "northwestern-polytechnical-university",
        "kind": "university",
        "name_ru": "Северо-Западный политехнический университет",
        "name_en": "Northwestern Polytechnical University",
        "short_name_ru": "",
        "short_name_en": "NWPU",
        "native_name": "西北工业大学",
        "aliases": "NWPU, 西工大",
        "country": "CN",
        "city_ru": "Сиань",
        "city_en": "Xi'an",
        "website": "https://www.nwpu.edu.cn/",
        "founded_year": 1938,
        "latitude": "34.245",
        "longitude": "108.912",
        "description_ru": (
            "Технический университет в Сиане, известный исследованиями в области авиации, космонавтики и "
            "морской техники."
        ),
        "description_en": (
            "A technical university in Xi'an known for research in aeronautics, astronautics and marine "
            "technology."
        ),
    },
    {
        "slug": "harbin-engineering-university",
        "kind": "university",
        "name_ru": "Харбинский инженерный университет",
        "name_en": "Harbin Engineering University",
        "short_name_ru": "",
        "short_name_en": "HEU",
        "native_name": "哈尔滨工程大学",
        "aliases": "HEU, HRBEU, 哈工程",
        "country": "CN",
        "city_ru": "Харбин",
        "city_en": "Harbin",
        "website": "https://www.hrbeu.edu.cn/",
        "founded_year": 1953,
        "latitude": "45.775",
        "longitude": "126.679",
        "description_ru": (
            "Технический университет в Харбине, известный подготовкой специалистов в области судостроения и "
            "морской техники."
        ),
        "description_en": "A technical university in Harbin known for shipbuilding and ocean engineering.",
    },
    {
        "slug": "tianjin-university",
        "kind": "university",
        "name_ru": "Тяньцзиньский университет",
        "name_en": "Tianjin University",
        "short_name_ru": "",
        "short_name_en": "TJU",
        "native_name": "天津大学",
        "aliases": "TJU, Peiyang University, 北洋大学, 天大",
        "country": "CN",
        "city_ru": "Тяньцзинь",
        "city_en": "Tianjin",
        "website": "https://www.tju.edu.cn/",
        "founded_year": 1895,
        "latitude": "39.108",
        "longitude": "117.170",
        "description_ru": (
            "Один из старейших университетов Китая, основанный в 1895 году как университет Бэйян."
        ),
        "description_en": "One of China's oldest universities, founded in 1895 as Peiyang University.",
    },
    {
        "slug": "xian-jiaotong-university",
        "kind": "university",
        "name_ru": "Сианьский университет Цзяотун",
        "name_en": "Xi'an Jiaotong University",
        "short_name_ru": "",
        "short_name_en": "XJTU",
        "native_name": "西安交通大学",
        "aliases": "XJTU, 西安交大",
        "country": "CN",
        "city_ru": "Сиань",
        "city_en": "Xi'an",
        "website": "https://www.xjtu.edu.cn/",
        "founded_year": 1896,
        "latitude": "34.247",
        "longitude": "108.985",
        "description_ru": (
            "Исследовательский университет, основанный в 1896 году в Шанхае и переведённый в Сиань в 1950-х "
            "годах."
        ),
        "description_en": (
            "A research university founded in Shanghai in 1896 and moved to Xi'an in the 1950s."
        ),
    },
    {
        "slug": "hit-science-park",
        "kind": "science_park",
        "name_ru": "Научный парк Харбинского политехнического университета",
        "name_en": "HIT Science Park",
        "short_name_ru": "",
        "short_name_en": "",
        "native_name": "哈尔滨工业大学科学园",
        "aliases": "哈工大科学园, Science Park of Harbin Institute of Technology",
        "country": "CN",
        "city_ru": "Харбин",
        "city_en": "Harbin",
        "website": "",
        "founded_year": None,
        "latitude": None,
        "longitude": None,
        "description_ru": (
            "Научный парк Харбинского политехнического университета. В него входят экспериментальные "
            "лаборатории, промышленные предприятия, венчурные фонды и другие научные подразделения; парк "
            "сотрудничает с компаниями в области прикладных исследований."
        ),
        "description_en": (
            "The science park of Harbin Institute of Technology. It brings together experimental "
            "laboratories, industrial enterprises, venture funds and other research divisions, and works "
            "with companies on applied research."
        ),
    },
    {
        "slug": "russian-chinese-research-and-engineering-industrial-park",
        "kind": "science_park",
        "name_ru": "Российско-китайский научно-инженерный индустриальный парк",
        "name_en": "Russian-Chinese Research and Engineering Industrial Park",
        "short_name_ru": "",
        "short_name_en": "",
        "native_name": "",
        "aliases": "Industrial Park, Индустриальный парк",
        # In China (the 2015 ASRTU meeting was held there); the exact city is not stated in our sources.
        "country": "CN",
        "city_ru": "",
        "city_en": "",
        "website": "",
        "founded_year": None,
        "latitude": None,
        "longitude": None,
        "description_ru": (
            "Индустриальный парк под управлением Ассоциации технических университетов России и Китая, "
            "задуманный как основная площадка для производственного и научного сотрудничества российских и "
            "китайских университетов."
        ),
        "description_en": (
            "An industrial park run by the Association of Sino-Russian Technical Universities, intended as "
            "the main platform for production and research cooperation between Russian and Chinese "
            "universities."
        ),
    },
]

# ASRTU was founded in 2011 by 15 Russian and 15 Chinese universities, led by Bauman MSTU and HIT.
# "since" is given only where the year is known; MPEI and LETI joined at the 2015 Shanghai meeting.
MEMBERSHIPS = [
    {"association": "asrtu", "member": "harbin-institute-of-technology", "role": "founding", "since": 2011},
    {
        "association": "asrtu",
        "member": "bauman-moscow-state-technical-university",
        "role": "founding",
        "since": 2011,
    },
    {
        "association": "asrtu",
        "member": "peter-the-great-st-petersburg-polytechnic-university",
        "role": "member",
        "since": None,
    },
    {"association": "asrtu", "member": "itmo-university", "role": "member", "since": None},
    {"association": "asrtu", "member": "ural-federal-university", "role": "member", "since": None},
    {"association": "asrtu", "member": "moscow-aviation-institute", "role": "member", "since": None},
    {"association": "asrtu", "member": "moscow-power-engineering-institute", "role": "member", "since": 2015},
    {
        "association": "asrtu",
        "member": "saint-petersburg-electrotechnical-university-leti",
        "role": "member",
        "since": 2015,
    },
    {"association": "asrtu", "member": "beijing-institute-of-technology", "role": "member", "since": None},
    {"association": "asrtu", "member": "beihang-university", "role": "member", "since": None},
    {
        "association": "asrtu",
        "member": "northwestern-polytechnical-university",
        "role": "member",
        "since": None,
    },
    {"association": "asrtu", "member": "harbin-engineering-university", "role": "member", "since": None},
    {"association": "asrtu", "member": "tianjin-university", "role": "member", "since": None},
    {"association": "asrtu", "member": "xian-jiaotong-university", "role": "member", "since": None},
]

QINGDAO_EVENT_SLUG = "second-session-of-technology-transfer-qingdao-2015"
QINGDAO_POST_SLUG = "second-session-of-technology-transfer-in-qingdao"

EVENTS = [
    {
        "slug": QINGDAO_EVENT_SLUG,
        "is_demo": False,
        "kind": "session",
        "status": "published",
        "title_ru": "Вторая сессия по трансферу технологий",
        "title_en": "Second Session of Technology Transfer",
        "timezone": "Asia/Shanghai",
        # The article says only "mid October"; these dates are an approximation, as the description says.
        "starts_at": "2015-10-15 09:00",
        "ends_at": "2015-10-16 18:00",
        "city_ru": "Циндао",
        "city_en": "Qingdao",
        "country": "CN",
        "venue_ru": "",
        "venue_en": "",
        "description_ru": (
            "Вторая сессия по трансферу технологий прошла в Циндао в середине октября 2015 года в рамках "
            "саммита Ассоциации технических университетов России и Китая (АТУРК). Точные даты в источнике не "
            "указаны, поэтому даты мероприятия приведены приблизительно."
        ),
        "description_en": (
            "The second session of technology transfer took place in Qingdao in mid-October 2015 as part of "
            "the summit of the Association of Sino-Russian Technical Universities (ASRTU). The source gives "
            "no exact dates, so the dates shown are approximate."
        ),
        "registration_url": "",
        "organisers": ["asrtu"],
        "participants": [
            "peter-the-great-st-petersburg-polytechnic-university",
            "hit-science-park",
            "russian-chinese-research-and-engineering-industrial-park",
            "harbin-institute-of-technology",
        ],
    },
    # Made-up events from here on.
    {
        "slug": "demo-hit-delegation-visit-to-spbpu",
        "is_demo": True,
        "kind": "delegation_visit",
        "status": "published",
        "title_ru": "Визит делегации Харбинского политехнического университета в СПбПУ",
        "title_en": "Harbin Institute of Technology delegation visits SPbPU",
        "timezone": "Europe/Moscow",
        "starts_at": "2026-04-14 10:00",
        "ends_at": "2026-04-15 17:00",
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "country": "RU",
        "venue_ru": "Главное здание СПбПУ",
        "venue_en": "SPbPU Main Building",
        "description_ru": (
            "Двухдневный визит представителей Харбинского политехнического университета: встречи с "
            "руководством институтов, посещение лабораторий и обсуждение программ академической мобильности."
        ),
        "description_en": (
            "A two-day visit by representatives of Harbin Institute of Technology: meetings with the heads "
            "of institutes, laboratory tours and talks on academic mobility programmes."
        ),
        "registration_url": "",
        "organisers": ["peter-the-great-st-petersburg-polytechnic-university"],
        "participants": ["harbin-institute-of-technology"],
    },
    {
        "slug": "demo-russian-chinese-summer-school-on-nanomaterials",
        "is_demo": True,
        "kind": "workshop",
        "status": "published",
        "title_ru": "Российско-китайская летняя школа по наноматериалам",
        "title_en": "Russian-Chinese Summer School on Nanomaterials",
        "timezone": "Europe/Moscow",
        "starts_at": "2026-07-06 09:30",
        "ends_at": "2026-07-17 18:00",
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "country": "RU",
        "venue_ru": "Научно-исследовательский корпус СПбПУ",
        "venue_en": "SPbPU Research Building",
        "description_ru": (
            "Двухнедельная летняя школа для магистрантов и аспирантов: лекции, лабораторные практикумы и "
            "командные проекты по синтезу и исследованию наноматериалов."
        ),
        "description_en": (
            "A two-week summer school for master's and doctoral students: lectures, laboratory practicals "
            "and team projects on the synthesis and characterisation of nanomaterials."
        ),
        "registration_url": "",
        "organisers": ["peter-the-great-st-petersburg-polytechnic-university"],
        "participants": [
            "harbin-institute-of-technology",
            "beijing-institute-of-technology",
            "harbin-engineering-university",
        ],
    },
    {
        "slug": "demo-asrtu-youth-forum-on-engineering-education",
        "is_demo": True,
        "kind": "forum",
        "status": "published",
        "title_ru": "Молодёжный форум АТУРК по инженерному образованию",
        "title_en": "ASRTU Youth Forum on Engineering Education",
        "timezone": "Asia/Shanghai",
        "starts_at": {"days_from_now": 40, "time": "09:00"},
        "ends_at": {"days_from_now": 42, "time": "17:00"},
        "city_ru": "Харбин",
        "city_en": "Harbin",
        "country": "CN",
        "venue_ru": "Кампус Харбинского политехнического университета",
        "venue_en": "Harbin Institute of Technology campus",
        "description_ru": (
            "Трёхдневный форум для студентов и молодых преподавателей университетов — членов АТУРК: "
            "пленарные доклады, секции по инженерному образованию и презентации студенческих проектов."
        ),
        "description_en": (
            "A three-day forum for students and young lecturers of ASRTU member universities: plenary talks, "
            "sessions on engineering education and presentations of student projects."
        ),
        "registration_url": "",
        "organisers": ["asrtu", "harbin-institute-of-technology"],
        "participants": [
            "peter-the-great-st-petersburg-polytechnic-university",
            "bauman-moscow-state-technical-university",
            "harbin-engineering-university",
        ],
    },
    {
        "slug": "demo-workshop-on-joint-space-research-laboratories",
        "is_demo": True,
        "kind": "workshop",
        "status": "published",
        "title_ru": "Семинар о совместных лабораториях в области космических исследований",
        "title_en": "Workshop on Joint Laboratories for Space Research",
        "timezone": "Asia/Shanghai",
        "starts_at": {"days_from_now": 75, "time": "09:30"},
        "ends_at": {"days_from_now": 76, "time": "17:30"},
        "city_ru": "Сиань",
        "city_en": "Xi'an",
        "country": "CN",
        "venue_ru": "Северо-Западный политехнический университет",
        "venue_en": "Northwestern Polytechnical University",
        "description_ru": (
            "Двухдневный семинар о создании совместных российско-китайских лабораторий в области космических "
            "исследований: от выбора тематики до организации стажировок."
        ),
        "description_en": (
            "A two-day workshop on setting up joint Russian-Chinese laboratories for space research, from "
            "choosing research topics to organising internships."
        ),
        "registration_url": "",
        "organisers": ["northwestern-polytechnical-university"],
        "participants": [
            "peter-the-great-st-petersburg-polytechnic-university",
            "beihang-university",
            "moscow-aviation-institute",
        ],
    },
    {
        "slug": "demo-double-degree-open-day-with-bit",
        "is_demo": True,
        "kind": "other",
        "status": "draft",
        "title_ru": "День открытых дверей программы двойного диплома с Пекинским технологическим институтом",
        "title_en": "Open day of the double-degree programme with Beijing Institute of Technology",
        "timezone": "Europe/Moscow",
        "starts_at": {"days_from_now": 20, "time": "15:00"},
        "ends_at": {"days_from_now": 20, "time": "17:00"},
        "city_ru": "Санкт-Петербург",
        "city_en": "St. Petersburg",
        "country": "RU",
        "venue_ru": "Управление международных связей СПбПУ",
        "venue_en": "SPbPU International Relations Office",
        "description_ru": (
            "Встреча для студентов, которые хотят поступить на программу двойного диплома: условия отбора, "
            "учебный план и жизнь в Пекине."
        ),
        "description_en": (
            "A meeting for students interested in the double-degree programme: selection, curriculum and "
            "life in Beijing."
        ),
        "registration_url": "",
        "organisers": ["peter-the-great-st-petersburg-polytechnic-university"],
        "participants": ["beijing-institute-of-technology"],
    },
]

POSTS = [
    {
        "slug": QINGDAO_POST_SLUG,
        "is_demo": False,
        "status": "published",
        "published_at": "2016-03-03 12:00",
        "is_featured": True,
        "event": QINGDAO_EVENT_SLUG,
        "partners": [
            "asrtu",
            "harbin-institute-of-technology",
            "hit-science-park",
            "peter-the-great-st-petersburg-polytechnic-university",
            "russian-chinese-research-and-engineering-industrial-park",
        ],
        "topics": [
            "technology-transfer",
            "nanotechnology",
            "biotechnology",
            "nanomaterials",
            "information-technology",
            "space-research",
        ],
        # English: verbatim from source/qingdao-technology-transfer-2016.txt, except that the paragraph
        # the source splits after "SPbPU is frequently" is joined back together.
        "title_en": "The Second Session of Technology Transfer in the City of Qingdao",
        "lead_en": (
            "In mid October the opening ceremony of the second session of Technology Transfer took place in "
            "the city of Qingdao, which was part of the summit organized by the Association of Sino-Russian "
            "Technical Universities (ASRTU). M.E. Rayak, Deputy Director of the Technopark “Polytechnic” "
            "acted as a representative of our University during the event."
        ),
        "body_en": (
            (
                "The Polytechnic University is a permanent member of ASRTU. Participation in the events "
                "organized by the Association always means sharing experience, versatile business contacts "
                "and communication, which often leads to new projects and developments. “Chinese scientists "
                "demonstrate a great respect for researchers from other countries. For them Russia is a "
                "benchmark and a helping hand in various activities”, remarked M.E. Rayak."
            ),
            (
                "It is worth mentioning that the cooperation between the Polytechnic University and Chinese "
                "universities has become more dynamic recently. SPbPU is frequently visited by delegations "
                "of the leading Chinese universities. The participants of the meetings share their "
                "experience in the sphere of research and teaching, sign cooperation agreements and confirm "
                "previous agreements. SPbPU has started a transition from traditional academic exchange "
                "programs in different fields to cooperation aimed at implementing joint projects and "
                "conducting strategic research. Chinese universities are interested in the achievements of "
                "the Polytechnic Universities in the following fields: nano- and biotechnologies, "
                "nanomaterials, information technologies, space research, etc."
            ),
            (
                "The second session has confirmed mutual interests and has become a new stage of "
                "partnership. Foreign guests were met by the representatives of the engineering executives "
                "and those of the Science Park which is located at Harbin Institute of Technology. The main "
                "topic for discussion was the Russian experience concerning the establishment of engineering "
                "parks. The Russian-Chinese Research and Engineering Industrial Park is supposed to become "
                "the principal platform for the cooperation between Russian and Chinese universities in the "
                "sphere of production and research. The Industrial Park is to house an office of SPbPU."
            ),
            (
                "M.E. Rayak, Deputy Director of the Technopark “Polytechnic” highly appreciated the "
                "structure and potential of the Science Park at Harbin Institute of Technology. He "
                "emphasized the numerous common approaches and expressed an interest in developing "
                "cooperation and the need to share experience aimed at enhancing research divisions, the "
                "systems of coordinating and stimulating research activities."
            ),
            (
                "The Science Park includes experimental laboratories, industrial enterprises, venture funds "
                "and other research divisions, as well as the basic facilities for the staff, such as a "
                "hospital, a sports center and blocks of flats comprising one thousand of flats. The Science "
                "Park collaborates with various companies and businesses providing developments and carrying "
                "out world-class applied research."
            ),
            (
                "A presentation of industrial, research and engineering programs offered by Russian "
                "universities and a symposium also took place during the ASRTU meeting at the "
                "Russian-Chinese Research and Engineering Industrial Park run by ASRTU."
            ),
            "International Relations Office",
        ),
        "reference_note_en": (
            "ASRTU is a non-profit organization. It was set up in 2011, Russian and Chinese engineering "
            "universities becoming its members on a voluntary basis in the area “Higher engineering "
            "education”. The main goal of the Association is to join the efforts of the most prestigious "
            "Russian and Chinese universities to prepare highly qualified specialists for innovative "
            "economy, promote students and lecturers exchange programs and develop scientific cooperation "
            "between Russia and China."
        ),
        # Russian: our translation, paragraph for paragraph.
        "title_ru": "Вторая сессия по трансферу технологий в городе Циндао",
        "lead_ru": (
            "В середине октября в городе Циндао состоялась церемония открытия второй сессии по трансферу "
            "технологий, которая прошла в рамках саммита Ассоциации технических университетов России и Китая "
            "(АТУРК). Наш университет на мероприятии представлял заместитель директора технопарка "
            "«Политехнический» М.Е. Раяк."
        ),
        "body_ru": (
            (
                "Политехнический университет является постоянным членом АТУРК. Участие в мероприятиях "
                "Ассоциации — это всегда обмен опытом, разносторонние деловые контакты и общение, которые "
                "нередко приводят к новым проектам и разработкам. «Китайские учёные проявляют большое "
                "уважение к исследователям из других стран. Для них Россия — ориентир и помощник во многих "
                "сферах деятельности», — отметил М.Е. Раяк."
            ),
            (
                "Стоит отметить, что в последнее время сотрудничество Политехнического университета с "
                "китайскими вузами стало более динамичным. СПбПУ часто посещают делегации ведущих "
                "университетов Китая. Участники встреч обмениваются опытом в научной и образовательной "
                "сферах, подписывают соглашения о сотрудничестве и подтверждают ранее достигнутые "
                "договорённости. СПбПУ начал переход от традиционных программ академического обмена по "
                "различным направлениям к сотрудничеству, нацеленному на реализацию совместных проектов и "
                "проведение стратегических исследований. Китайские университеты проявляют интерес к "
                "достижениям Политехнического университета в следующих областях: нано- и биотехнологии, "
                "наноматериалы, информационные технологии, космические исследования и др."
            ),
            (
                "Вторая сессия подтвердила взаимную заинтересованность сторон и стала новым этапом "
                "партнёрства. Иностранных гостей встречали представители руководства инженерных "
                "подразделений и научного парка, расположенного при Харбинском политехническом университете. "
                "Главной темой обсуждения стал российский опыт создания инженерных парков. "
                "Российско-китайский научно-инженерный индустриальный парк должен стать основной площадкой "
                "для сотрудничества российских и китайских университетов в производственной и научной "
                "сферах. В индустриальном парке разместится представительство СПбПУ."
            ),
            (
                "Заместитель директора технопарка «Политехнический» М.Е. Раяк высоко оценил структуру и "
                "потенциал научного парка Харбинского политехнического университета. Он отметил "
                "многочисленные общие подходы, выразил заинтересованность в развитии сотрудничества и "
                "подчеркнул необходимость обмена опытом для совершенствования научных подразделений, систем "
                "координации и стимулирования научной деятельности."
            ),
            (
                "В состав научного парка входят экспериментальные лаборатории, промышленные предприятия, "
                "венчурные фонды и другие научные подразделения, а также объекты базовой инфраструктуры для "
                "сотрудников: больница, спортивный центр и жилые дома на тысячу квартир. Научный парк "
                "сотрудничает с различными компаниями и предприятиями, ведёт разработки и выполняет "
                "прикладные исследования мирового уровня."
            ),
            (
                "Кроме того, во время встречи АТУРК в Российско-китайском научно-инженерном индустриальном "
                "парке, которым управляет Ассоциация, прошли презентация промышленных, научных и инженерных "
                "программ российских университетов и симпозиум."
            ),
            "Управление международных связей",
        ),
        "reference_note_ru": (
            "АТУРК — некоммерческая организация, созданная в 2011 году. Российские и китайские технические "
            "университеты вошли в неё на добровольной основе по направлению «Высшее инженерное образование». "
            "Главная цель Ассоциации — объединить усилия самых авторитетных университетов России и Китая в "
            "подготовке высококвалифицированных специалистов для инновационной экономики, развивать "
            "программы обмена студентами и преподавателями и научное сотрудничество между Россией и Китаем."
        ),
    },
    # Made-up posts from here on: plausible office news, but no real people and no real historic events.
    {
        "slug": "demo-hit-delegation-visits-spbpu",
        "is_demo": True,
        "status": "published",
        "published_at": "2026-04-16 12:00",
        "is_featured": True,
        "event": "demo-hit-delegation-visit-to-spbpu",
        "partners": [
            "harbin-institute-of-technology",
            "peter-the-great-st-petersburg-polytechnic-university",
        ],
        "topics": ["academic-mobility", "technology-transfer"],
        "title_ru": "Делегация Харбинского политехнического университета посетила СПбПУ",
        "title_en": "A delegation from Harbin Institute of Technology visits SPbPU",
        "lead_ru": (
            "Представители Харбинского политехнического университета провели два дня в Политехническом "
            "университете: посетили лаборатории и обсудили новые программы обмена."
        ),
        "lead_en": (
            "Representatives of Harbin Institute of Technology spent two days at the Polytechnic University, "
            "touring laboratories and discussing new exchange programmes."
        ),
        "body_ru": (
            (
                "Гости познакомились с работой научных лабораторий в области материаловедения и энергетики, "
                "а также с проектами технопарка «Политехнический»."
            ),
            (
                "Стороны договорились расширить обмен студентами магистратуры и подготовить совместную "
                "заявку на исследовательский грант в следующем году."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The guests were shown the university's laboratories in materials science and power "
                "engineering, as well as projects of the Technopark “Polytechnic”."
            ),
            (
                "The two sides agreed to expand the exchange of master's students and to prepare a joint "
                "research grant application next year."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-summer-school-on-nanomaterials-ends",
        "is_demo": True,
        "status": "published",
        "published_at": "2026-07-20 11:00",
        "is_featured": False,
        "event": "demo-russian-chinese-summer-school-on-nanomaterials",
        "partners": [
            "peter-the-great-st-petersburg-polytechnic-university",
            "harbin-institute-of-technology",
            "beijing-institute-of-technology",
            "harbin-engineering-university",
        ],
        "topics": ["nanomaterials", "nanotechnology", "summer-schools"],
        "title_ru": "Завершилась российско-китайская летняя школа по наноматериалам",
        "title_en": "The Russian-Chinese summer school on nanomaterials comes to a close",
        "lead_ru": (
            "Сорок магистрантов и аспирантов из России и Китая провели две недели в лабораториях "
            "Политехнического университета."
        ),
        "lead_en": (
            "Forty master's and doctoral students from Russia and China spent two weeks in the laboratories "
            "of the Polytechnic University."
        ),
        "body_ru": (
            (
                "Программа школы включала лекции ведущих преподавателей, лабораторные практикумы и работу в "
                "смешанных командах над исследовательскими мини-проектами."
            ),
            (
                "В заключительный день команды представили результаты своих проектов. Лучшие работы будут "
                "рекомендованы к публикации в сборнике трудов школы."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The programme included lectures by senior academics, laboratory practicals and work in "
                "mixed teams on small research projects."
            ),
            (
                "On the final day the teams presented their results. The best projects will be recommended "
                "for the school's proceedings."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-double-degree-programme-with-bit-applications-open",
        "is_demo": True,
        "status": "published",
        "published_at": "2026-09-10 10:00",
        "is_featured": True,
        "event": None,
        "partners": [
            "beijing-institute-of-technology",
            "peter-the-great-st-petersburg-polytechnic-university",
        ],
        "topics": ["double-degree-programmes", "engineering-education"],
        "title_ru": (
            "Открыт приём заявок на программу двойного диплома с Пекинским технологическим институтом"
        ),
        "title_en": "Applications open for the double-degree programme with Beijing Institute of Technology",
        "lead_ru": (
            "Студенты магистратуры могут подать заявку на программу, по окончании которой выдаются дипломы "
            "обоих университетов."
        ),
        "lead_en": (
            "Master's students can apply for a programme that leads to degrees from both universities."
        ),
        "body_ru": (
            (
                "Первый год обучения проходит в Санкт-Петербурге, второй — в Пекине. Занятия ведутся на "
                "английском языке, а студентам предлагается курс китайского языка."
            ),
            (
                "Для участия в отборе нужно подать мотивационное письмо, выписку с оценками и подтверждение "
                "знания английского языка."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The first year of study is in St. Petersburg and the second in Beijing. Teaching is in "
                "English, and students are offered a Chinese language course."
            ),
            (
                "To apply, students submit a motivation letter, a transcript of records and proof of English "
                "proficiency."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-registration-open-for-asrtu-youth-forum",
        "is_demo": True,
        "status": "published",
        "published_at": {"days_from_now": -3, "time": "10:00"},
        "is_featured": True,
        "event": "demo-asrtu-youth-forum-on-engineering-education",
        "partners": [
            "asrtu",
            "harbin-institute-of-technology",
            "peter-the-great-st-petersburg-polytechnic-university",
        ],
        "topics": ["engineering-education", "academic-mobility"],
        "title_ru": "Открыта регистрация на молодёжный форум АТУРК в Харбине",
        "title_en": "Registration opens for the ASRTU youth forum in Harbin",
        "lead_ru": (
            "Студенты и молодые преподаватели Политехнического университета приглашаются представить свои "
            "проекты на форуме Ассоциации."
        ),
        "lead_en": (
            "Students and young lecturers of the Polytechnic University are invited to present their "
            "projects at the Association's forum."
        ),
        "body_ru": (
            (
                "Форум объединит участников из университетов — членов АТУРК. В программе — пленарные "
                "доклады, секции по инженерному образованию и конкурс студенческих проектов."
            ),
            (
                "Заявки принимает Управление международных связей. Университет частично компенсирует расходы "
                "на поездку участникам, прошедшим отбор."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The forum will bring together participants from ASRTU member universities. The programme "
                "includes plenary talks, sessions on engineering education and a student project competition."
            ),
            (
                "Applications are accepted by the International Relations Office. The university will partly "
                "cover travel costs for selected participants."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-call-for-participants-space-research-workshop",
        "is_demo": True,
        "status": "published",
        "published_at": {"days_from_now": -1, "time": "12:00"},
        "is_featured": False,
        "event": "demo-workshop-on-joint-space-research-laboratories",
        "partners": [
            "northwestern-polytechnical-university",
            "beihang-university",
            "moscow-aviation-institute",
        ],
        "topics": ["space-research"],
        "title_ru": "Приглашаем к участию в семинаре о совместных космических лабораториях",
        "title_en": "Call for participants: workshop on joint space research laboratories",
        "lead_ru": (
            "Северо-Западный политехнический университет приглашает исследователей Политехнического "
            "университета на семинар в Сиане."
        ),
        "lead_en": (
            "Northwestern Polytechnical University invites researchers of the Polytechnic University to a "
            "workshop in Xi'an."
        ),
        "body_ru": (
            (
                "На семинаре обсудят, как создавать совместные лаборатории: выбор тематики, финансирование, "
                "обмен аспирантами и совместное использование оборудования."
            ),
            (
                "Желающих выступить с докладом просим направить краткую аннотацию в Управление международных "
                "связей."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The workshop will discuss how to set up joint laboratories: choosing topics, funding, "
                "exchanging doctoral students and sharing equipment."
            ),
            (
                "Those wishing to give a talk are asked to send a short abstract to the International "
                "Relations Office."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        # Scheduled: published, but with a publication time still in the future.
        "slug": "demo-spring-semester-exchange-results",
        "is_demo": True,
        "status": "published",
        "published_at": {"days_from_now": 7, "time": "10:00"},
        "is_featured": False,
        "event": None,
        "partners": ["harbin-engineering-university", "tianjin-university", "xian-jiaotong-university"],
        "topics": ["academic-mobility"],
        "title_ru": "Итоги конкурса на обучение по обмену в весеннем семестре",
        "title_en": "Results of the spring semester exchange competition",
        "lead_ru": (
            "Двадцать студентов Политехнического университета проведут весенний семестр в партнёрских "
            "университетах Китая."
        ),
        "lead_en": (
            "Twenty students of the Polytechnic University will spend the spring semester at partner "
            "universities in China."
        ),
        "body_ru": (
            (
                "Студенты будут учиться в Харбинском инженерном университете, Тяньцзиньском университете и "
                "Сианьском университете Цзяотун. Результаты обучения будут перезачтены."
            ),
            (
                "Для победителей конкурса проводится обязательное организационное собрание; дату сообщат по "
                "электронной почте."
            ),
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The students will study at Harbin Engineering University, Tianjin University and Xi'an "
                "Jiaotong University. Their credits will be recognised on their return."
            ),
            (
                "A compulsory briefing will be held for the successful applicants; the date will be sent by "
                "e-mail."
            ),
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-information-technology-working-group",
        "is_demo": True,
        "status": "draft",
        "published_at": {"days_from_now": 0, "time": "10:00"},
        "is_featured": False,
        "event": None,
        "partners": [
            "peter-the-great-st-petersburg-polytechnic-university",
            "xian-jiaotong-university",
            "beijing-institute-of-technology",
        ],
        "topics": ["information-technology"],
        "title_ru": (
            "Российско-китайская рабочая группа по информационным технологиям провела первое заседание"
        ),
        "title_en": "A Russian-Chinese working group on information technology holds its first meeting",
        "lead_ru": (
            "Представители трёх университетов обсудили в онлайн-формате план совместных исследований на "
            "ближайшие два года."
        ),
        "lead_en": (
            "Representatives of three universities met online to discuss a joint research plan for the next "
            "two years."
        ),
        "body_ru": (
            "Рабочая группа займётся вопросами анализа данных и промышленного программного обеспечения.",
            "Следующее заседание планируется провести очно.",
            "Управление международных связей",
        ),
        "body_en": (
            "The working group will focus on data analysis and industrial software.",
            "The next meeting is planned to be held in person.",
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-guest-lectures-from-tianjin-university",
        "is_demo": True,
        "status": "published",
        "published_at": "2026-10-08 12:00",
        "is_featured": False,
        "event": None,
        "partners": ["tianjin-university", "peter-the-great-st-petersburg-polytechnic-university"],
        "topics": ["academic-mobility", "biotechnology"],
        "title_ru": "Преподаватели Тяньцзиньского университета прочитали цикл гостевых лекций",
        "title_en": "Lecturers from Tianjin University give a week of guest lectures",
        "lead_ru": (
            "В рамках программы мобильности преподавателей гости из Тяньцзиня прочитали студентам курс "
            "лекций по биотехнологиям."
        ),
        "lead_en": (
            "Under the staff mobility programme, guests from Tianjin gave students a lecture course on "
            "biotechnology."
        ),
        "body_ru": (
            (
                "Лекции были посвящены биотехнологиям в химической промышленности и проходили на английском "
                "языке."
            ),
            "В ответ преподаватели Политехнического университета посетят Тяньцзинь весной.",
            "Управление международных связей",
        ),
        "body_en": (
            "The lectures covered biotechnology in the chemical industry and were given in English.",
            "In return, lecturers of the Polytechnic University will visit Tianjin in the spring.",
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
    {
        "slug": "demo-student-exchange-agreement-with-harbin-engineering-university",
        "is_demo": True,
        "status": "published",
        "published_at": "2026-09-25 12:00",
        "is_featured": False,
        "event": None,
        "partners": ["harbin-engineering-university", "peter-the-great-st-petersburg-polytechnic-university"],
        "topics": ["academic-mobility"],
        "title_ru": "Подписано соглашение об обмене студентами с Харбинским инженерным университетом",
        "title_en": "Student exchange agreement signed with Harbin Engineering University",
        "lead_ru": (
            "Соглашение позволит студентам обоих университетов проходить семестровое обучение по обмену без "
            "оплаты обучения."
        ),
        "lead_en": (
            "The agreement allows students of both universities to spend an exchange semester without paying "
            "tuition fees."
        ),
        "body_ru": (
            (
                "Соглашение заключено на пять лет и предусматривает ежегодный обмен студентами бакалавриата "
                "и магистратуры."
            ),
            "Первые студенты по новому соглашению начнут обучение в следующем учебном году.",
            "Управление международных связей",
        ),
        "body_en": (
            (
                "The agreement runs for five years and provides for an annual exchange of bachelor's and "
                "master's students."
            ),
            "The first students under the new agreement will begin their studies next academic year.",
            "International Relations Office",
        ),
        "reference_note_ru": "",
        "reference_note_en": "",
    },
]

# Made-up agreements between the Polytechnic University and its partners.
AGREEMENTS = [
    {
        "partner": "harbin-institute-of-technology",
        "kind": "general",
        "signed_on": date(2016, 5, 20),
        "valid_until": None,
        "is_public": True,
        "title_ru": "Соглашение о сотрудничестве с Харбинским политехническим университетом",
        "title_en": "Cooperation agreement with Harbin Institute of Technology",
    },
    {
        "partner": "harbin-institute-of-technology",
        "kind": "student_exchange",
        "signed_on": date(2012, 10, 1),
        "valid_until": date(2017, 9, 30),
        "is_public": True,
        "title_ru": "Соглашение об обмене студентами с Харбинским политехническим университетом",
        "title_en": "Student exchange agreement with Harbin Institute of Technology",
    },
    {
        "partner": "harbin-institute-of-technology",
        "kind": "joint_research",
        "signed_on": date(2023, 3, 15),
        "valid_until": date(2028, 3, 14),
        "is_public": False,
        "title_ru": "Соглашение о совместных исследованиях с Харбинским политехническим университетом",
        "title_en": "Joint research agreement with Harbin Institute of Technology",
    },
    {
        "partner": "beijing-institute-of-technology",
        "kind": "double_degree",
        "signed_on": date(2026, 6, 2),
        "valid_until": date(2031, 6, 1),
        "is_public": True,
        "title_ru": "Соглашение о программе двойного диплома с Пекинским технологическим институтом",
        "title_en": "Double-degree agreement with Beijing Institute of Technology",
    },
    {
        "partner": "harbin-engineering-university",
        "kind": "student_exchange",
        "signed_on": date(2026, 9, 24),
        "valid_until": date(2031, 9, 23),
        "is_public": True,
        "title_ru": "Соглашение об обмене студентами с Харбинским инженерным университетом",
        "title_en": "Student exchange agreement with Harbin Engineering University",
    },
]
