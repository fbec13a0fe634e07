"""The seeded catalogue's content, by product id, and the supplier's.

Languages (the first is each product's default; the supplier's are every product's):
- river-cruise: en, fr, de, es — four, so that weights have something to choose from;
- walking-tour: en, fr, de;
- museum-pass: en, fr, pt-BR — a regional tag, for `pt` finding `pt-BR`;
- cooking-class: en, ja;
- theatre-show and harbour-cruise: en only, for a language a product lacks.
Units are described from their type and ages (views.py), in the same languages.
"""
from __future__ import annotations

from .model import Described, Faq, Feature, Location, Media, Place, ProductContent, SupplierContent, texts

MEDIA = "https://media.octo-mock.invalid"
COPYRIGHT = "© octo-mock, free to use in tests"

SUPPLIER = SupplierContent(
    short_description=texts(
        en="Tours, cruises, shows and classes in London, Paris, New York and Tokyo.",
        fr="Visites, croisières, spectacles et cours à Londres, Paris, New York et Tokyo.",
        de="Führungen, Bootsfahrten, Shows und Kurse in London, Paris, New York und Tokio.",
        es="Visitas, cruceros, espectáculos y clases en Londres, París, Nueva York y Tokio.",
        pt_BR="Passeios, cruzeiros, espetáculos e aulas em Londres, Paris, Nova York e Tóquio.",
        ja="ロンドン、パリ、ニューヨーク、東京のツアー、クルーズ、ショー、料理教室。"),
    media=(Media(f"{MEDIA}/supplier/logo.png", "image/png", "LOGO",
                 title=texts(en="Logo", fr="Logo", de="Logo", es="Logotipo", pt_BR="Logotipo", ja="ロゴ"),
                 copyright=COPYRIGHT),),
)

_WESTMINSTER = Place(51.5016, -0.1235, "Westminster Pier, Victoria Embankment", "London", None, "SW1A 2JH", "GB",
                     google_place_id="ChIJ4e3wvsQEdkgRjMTNxbz2pDQ",
                     same_as=("https://en.wikipedia.org/wiki/Westminster_Millennium_Pier",))
_TOWER = Place(51.5072, -0.0794, "Tower Millennium Pier, Lower Thames Street", "London", None, "EC3N 4DT", "GB")
_GREENWICH = Place(51.4834, -0.0098, "Greenwich Pier, Cutty Sark Gardens", "London", None, "SE10 9HT", "GB")

RIVER_CRUISE = ProductContent(
    languages=("en", "fr", "de", "es"),
    product=Described(
        title=texts(en="Thames Sightseeing Cruise", fr="Croisière touristique sur la Tamise",
                    de="Sightseeing-Bootsfahrt auf der Themse", es="Crucero turístico por el Támesis"),
        short_description=texts(
            en="See London's landmarks from the river, from Westminster to Greenwich.",
            fr="Découvrez les monuments de Londres depuis le fleuve, de Westminster à Greenwich.",
            de="Londons Wahrzeichen vom Fluss aus, von Westminster bis Greenwich.",
            es="Descubra los monumentos de Londres desde el río, de Westminster a Greenwich."),
        description=texts(
            en="Board at Westminster Pier and sail past the Houses of Parliament, the London Eye, St Paul's "
               "and Tower Bridge to Greenwich, with live commentary on board.",
            fr="Embarquez à Westminster Pier et passez devant le Parlement, le London Eye, Saint-Paul et le "
               "Tower Bridge jusqu'à Greenwich, avec un commentaire en direct à bord.",
            de="Ab Westminster Pier vorbei an Parlament, London Eye, St Paul's und Tower Bridge bis nach "
               "Greenwich, mit Live-Kommentar an Bord.",
            es="Embarque en Westminster Pier y navegue junto al Parlamento, el London Eye, San Pablo y el "
               "Tower Bridge hasta Greenwich, con comentarios en directo a bordo."),
        features=(
            Feature("HIGHLIGHT", texts(en="Tower Bridge from the water", fr="Le Tower Bridge depuis l'eau",
                                       de="Die Tower Bridge vom Wasser aus", es="El Tower Bridge desde el agua")),
            Feature("INCLUSION", texts(en="Live commentary in English", fr="Commentaire en direct en anglais",
                                       de="Live-Kommentar auf Englisch", es="Comentarios en directo en inglés")),
            Feature("EXCLUSION", texts(en="Food and drinks", fr="Nourriture et boissons", de="Speisen und Getränke",
                                       es="Comida y bebida")),
            Feature("ACCESSIBILITY_INFORMATION", texts(
                en="Step-free boarding; wheelchair spaces on the lower deck",
                fr="Embarquement de plain-pied ; places pour fauteuils roulants sur le pont inférieur",
                de="Stufenloser Einstieg; Rollstuhlplätze auf dem Unterdeck",
                es="Embarque sin escalones; espacios para sillas de ruedas en la cubierta inferior")),
            Feature("CANCELLATION_TERM", texts(
                en="Free cancellation up to 24 hours before departure",
                fr="Annulation gratuite jusqu'à 24 heures avant le départ",
                de="Kostenlose Stornierung bis 24 Stunden vor Abfahrt",
                es="Cancelación gratuita hasta 24 horas antes de la salida")),
        ),
        faqs=(Faq(texts(en="Can I bring a pushchair?", fr="Puis-je venir avec une poussette ?",
                        de="Darf ich einen Kinderwagen mitbringen?", es="¿Puedo llevar un cochecito?"),
                  texts(en="Yes, there is room for pushchairs on the lower deck.",
                        fr="Oui, il y a de la place pour les poussettes sur le pont inférieur.",
                        de="Ja, auf dem Unterdeck ist Platz für Kinderwagen.",
                        es="Sí, hay sitio para cochecitos en la cubierta inferior.")),),
        media=(Media(f"{MEDIA}/river-cruise/cover.jpg", "image/jpeg", "COVER",
                     title=texts(en="Tower Bridge", fr="Tower Bridge", de="Tower Bridge", es="Tower Bridge"),
                     caption=texts(en="Sailing under Tower Bridge", fr="Sous le Tower Bridge",
                                   de="Unter der Tower Bridge hindurch", es="Bajo el Tower Bridge"),
                     copyright=COPYRIGHT),
               Media("https://www.youtube.com/watch?v=octo-mock-river", "external/youtube", "GALLERY")),
        locations=(
            Location(texts(en="Westminster Pier", fr="Embarcadère de Westminster", de="Westminster-Anleger",
                           es="Muelle de Westminster"),
                     texts(en="Where you board", fr="Lieu d'embarquement", de="Hier steigen Sie ein",
                           es="Donde se embarca"), ("START",), _WESTMINSTER),
            Location(texts(en="Tower of London", fr="Tour de Londres", de="Tower of London", es="Torre de Londres"),
                     None, ("POINT_OF_INTEREST",), _TOWER, minutes_to=25),
            Location(texts(en="Greenwich Pier", fr="Embarcadère de Greenwich", de="Greenwich-Anleger",
                           es="Muelle de Greenwich"), None, ("END",), _GREENWICH, minutes_to=20),
        ),
        category_labels=("boat-tours", "family-friendly", "wheelchair-accessible"),
        commentary=(("IN_PERSON", "en"), ("RECORDED_AUDIO", "fr"), ("RECORDED_AUDIO", "de"),
                    ("RECORDED_AUDIO", "es")),
    ),
    options={
        "DEFAULT": Described(
            title=texts(en="Sightseeing cruise", fr="Croisière découverte", de="Rundfahrt", es="Crucero panorámico"),
            short_description=texts(en="One hour on the river", fr="Une heure sur le fleuve",
                                    de="Eine Stunde auf dem Fluss", es="Una hora en el río"),
            departure=texts(en="Sailing from Westminster Pier on the hour",
                            fr="Départ de Westminster Pier toutes les heures",
                            de="Abfahrt stündlich ab Westminster Pier",
                            es="Salida de Westminster Pier cada hora en punto")),
        "SUNSET": Described(
            title=texts(en="Sunset cruise", fr="Croisière au coucher du soleil", de="Fahrt bei Sonnenuntergang",
                        es="Crucero al atardecer"),
            short_description=texts(en="An evening cruise with a glass of bubbly",
                                    fr="Une croisière du soir avec une coupe de pétillant",
                                    de="Eine Abendfahrt mit einem Glas Sekt",
                                    es="Un crucero al anochecer con una copa de espumoso"),
            features=(Feature("INCLUSION", texts(en="A glass of sparkling wine", fr="Une coupe de vin pétillant",
                                                 de="Ein Glas Sekt", es="Una copa de vino espumoso")),
                      Feature("PREBOOKING_INFORMATION", texts(en="Adults only (18+)", fr="Adultes uniquement (18+)",
                                                              de="Nur für Erwachsene (18+)",
                                                              es="Solo adultos (18+)"))),
            category_labels=("romantic", "adults-only"),
            departure=texts(en="Sailing at sunset from Westminster Pier",
                            fr="Départ au coucher du soleil de Westminster Pier",
                            de="Abfahrt bei Sonnenuntergang ab Westminster Pier",
                            es="Salida al atardecer desde Westminster Pier")),
    },
)

THEATRE_SHOW = ProductContent(
    languages=("en",),
    product=Described(
        title=texts(en="West End Musical"),
        short_description=texts(en="An award-winning musical in the heart of the West End."),
        description=None,
        features=(Feature("REDEMPTION_INSTRUCTION", texts(en="Show the ticket's QR code at the door")),
                  Feature("PREARRIVAL_INFORMATION", texts(en="Doors open 30 minutes before the performance"))),
        category_labels=("live-music", "nightlife"),
    ),
    options={"DEFAULT": Described(title=texts(en="Stalls"), short_description=None,
                                  departure=texts(en="Performance"))},
)

_BANK = Place(51.5133, -0.0890, "Bank Junction", "London", None, "EC2R 8AH", "GB")

WALKING_TOUR = ProductContent(
    languages=("en", "fr", "de"),
    product=Described(
        title=texts(en="London Old Town Walking Tour", fr="Visite à pied du vieux Londres",
                    de="Stadtrundgang durch das alte London"),
        short_description=texts(en="Two thousand years of the City on foot, with a local guide.",
                                fr="Deux mille ans d'histoire de la City à pied, avec un guide local.",
                                de="Zweitausend Jahre City zu Fuß, mit einem ortskundigen Guide."),
        description=texts(en="Roman walls, medieval lanes and Wren's churches, in a small group.",
                          fr="Murailles romaines, ruelles médiévales et églises de Wren, en petit groupe.",
                          de="Römische Mauern, mittelalterliche Gassen und Wrens Kirchen, in kleiner Gruppe."),
        features=(Feature("PREARRIVAL_INFORMATION", texts(en="Wear comfortable shoes",
                                                          fr="Portez des chaussures confortables",
                                                          de="Tragen Sie bequeme Schuhe")),
                  Feature("INCLUSION", texts(en="A local guide", fr="Un guide local", de="Ein ortskundiger Guide"))),
        faqs=(Faq(texts(en="Does the tour go ahead in the rain?", fr="La visite a-t-elle lieu sous la pluie ?",
                        de="Findet die Tour auch bei Regen statt?"),
                  texts(en="Yes: bring an umbrella.", fr="Oui : prenez un parapluie.",
                        de="Ja: Bringen Sie einen Schirm mit.")),),
        media=(Media(f"{MEDIA}/walking-tour/cover.jpg", "image/jpeg", "COVER", copyright=COPYRIGHT),),
        locations=(Location(texts(en="Bank station, exit 3", fr="Station Bank, sortie 3", de="Station Bank, Ausgang 3"),
                            texts(en="Meet your guide", fr="Rendez-vous avec votre guide",
                                  de="Treffpunkt mit Ihrem Guide"), ("START", "END"), _BANK, minutes_at=120),),
        category_labels=("walking-tours", "history", "small-group-tours", "trip-difficulty-easy"),
        commentary=(("IN_PERSON", "en"),),
    ),
    options={
        "DEFAULT": Described(title=texts(en="Daytime tour", fr="Visite de jour", de="Tagestour"),
                             departure=texts(en="Tour with a local guide", fr="Visite avec un guide local",
                                             de="Rundgang mit einem ortskundigen Guide")),
        "EVENING": Described(title=texts(en="Evening ghost tour", fr="Visite des fantômes en soirée",
                                         de="Abendliche Geistertour"),
                             short_description=texts(en="Stories of the City after dark",
                                                     fr="Histoires de la City à la nuit tombée",
                                                     de="Geschichten aus der City nach Einbruch der Dunkelheit"),
                             category_labels=("nightlife",),
                             departure=texts(en="Ghost tour after dark", fr="Visite des fantômes à la nuit tombée",
                                             de="Geistertour nach Einbruch der Dunkelheit")),
    },
)

_MUSEUM = Place(48.8606, 2.3376, "Rue de Rivoli", "Paris", "Île-de-France", "75001", "FR")

MUSEUM_PASS = ProductContent(
    languages=("en", "fr", "pt-BR"),
    product=Described(
        title=texts(en="Paris Museum Day Pass", fr="Pass musées de Paris (1 jour)",
                    pt_BR="Passe de um dia para os museus de Paris"),
        short_description=texts(en="One day, every permanent collection.",
                                fr="Une journée, toutes les collections permanentes.",
                                pt_BR="Um dia, todas as coleções permanentes."),
        description=texts(en="Walk in without queueing for tickets: scan your pass at the entrance.",
                          fr="Entrez sans faire la queue aux caisses : scannez votre pass à l'entrée.",
                          pt_BR="Entre sem fila na bilheteria: escaneie seu passe na entrada."),
        features=(Feature("REDEMPTION_INSTRUCTION", texts(en="Scan the QR code at the entrance",
                                                          fr="Scannez le QR code à l'entrée",
                                                          pt_BR="Escaneie o QR code na entrada")),
                  Feature("HIGHLIGHT", texts(en="Skip the ticket queue", fr="Évitez la file aux caisses",
                                             pt_BR="Evite a fila da bilheteria"))),
        media=(Media(f"{MEDIA}/museum-pass/cover.jpg", "image/jpeg", "COVER",
                     caption=texts(en="The main gallery", fr="La grande galerie", pt_BR="A galeria principal"),
                     copyright=COPYRIGHT),),
        locations=(Location(texts(en="Main entrance", fr="Entrée principale", pt_BR="Entrada principal"), None,
                            ("REDEMPTION", "ADMISSION_INCLUDED"), _MUSEUM),),
        category_labels=("museums", "fast-track", "city-cards"),
        commentary=(("WRITTEN", "fr"), ("WRITTEN", "en")),
    ),
    options={
        "DEFAULT": Described(title=texts(en="Day pass", fr="Pass journée", pt_BR="Passe de um dia"),
                             departure=texts(en="Open all day", fr="Ouvert toute la journée",
                                             pt_BR="Aberto o dia todo")),
        "EXHIBITION": Described(
            title=texts(en="Day pass with the special exhibition", fr="Pass journée avec l'exposition temporaire",
                        pt_BR="Passe de um dia com a exposição temporária"),
            short_description=texts(en="Includes a timed entry to the exhibition",
                                    fr="Comprend une entrée horodatée à l'exposition",
                                    pt_BR="Inclui entrada com horário marcado para a exposição"),
            departure=texts(en="Exhibition entry", fr="Entrée de l'exposition", pt_BR="Entrada da exposição")),
    },
)

_PIER_11 = Place(40.7033, -74.0070, "Pier 11, South Street", "New York", "NY", "10005", "US")

HARBOUR_CRUISE = ProductContent(
    languages=("en",),
    product=Described(
        title=texts(en="New York Harbour Private Cruise"),
        short_description=texts(en="Charter a yacht for up to six guests."),
        description=texts(en="The Statue of Liberty, Ellis Island and the skyline, on a boat of your own."),
        features=(Feature("INCLUSION", texts(en="Private captain")), Feature("EXCLUSION", None)),
        locations=(Location(texts(en="Pier 11"), texts(en="Boarding"), ("START", "END"), _PIER_11),),
        category_labels=("private-tours", "boat-tours"),
    ),
    options={"DEFAULT": Described(title=texts(en="Private charter"),
                                  departure=texts(en="Private sailing from Pier 11"))},
)

_KITCHEN = Place(35.6467, 139.7101, "1-2-3 Ebisu", "Shibuya", "Tokyo", "150-0013", "JP")

COOKING_CLASS = ProductContent(
    languages=("en", "ja"),
    product=Described(
        title=texts(en="Tokyo Home Cooking Class", ja="東京の家庭料理教室"),
        short_description=texts(en="Cook and share a home-style Japanese meal.", ja="家庭の和食を作って一緒にいただきます。"),
        description=texts(en="Miso soup, rolled omelette and rice, in a local home in Ebisu.",
                          ja="恵比寿の家庭で、味噌汁、卵焼き、ご飯を作ります。"),
        features=(Feature("INCLUSION", texts(en="All ingredients", ja="すべての食材")),
                  Feature("PREBOOKING_INFORMATION", texts(en="Tell us about allergies when you book",
                                                          ja="アレルギーはご予約時にお知らせください"))),
        faqs=(Faq(texts(en="Is there a vegetarian menu?", ja="ベジタリアンメニューはありますか？"),
                  texts(en="Yes, on request.", ja="はい、ご要望に応じてご用意します。")),),
        locations=(Location(texts(en="Our kitchen in Ebisu", ja="恵比寿のキッチン"), None, ("START", "END"), _KITCHEN,
                            minutes_at=180),),
        category_labels=("classes", "food", "family-friendly"),
        commentary=(("IN_PERSON", "en"), ("IN_PERSON", "ja")),
    ),
    options={"DEFAULT": Described(title=texts(en="Class", ja="料理教室"),
                                  departure=texts(en="Three-hour class", ja="3時間の教室"))},
)

PRODUCTS: dict[str, ProductContent] = {
    "river-cruise": RIVER_CRUISE, "theatre-show": THEATRE_SHOW, "walking-tour": WALKING_TOUR,
    "museum-pass": MUSEUM_PASS, "harbour-cruise": HARBOUR_CRUISE, "cooking-class": COOKING_CLASS,
}
