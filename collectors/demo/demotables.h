#pragma once
// The Demo platform's name tables: categories with popularity weights,
// languages, channel-name parts and title templates. Data only, kept apart
// from the simulation's logic in demosimulation.cpp.

#include <QtGlobal>

namespace StreamRank::DemoTables {

struct WeightedName
{
    const char *name; // UTF-8
    double weight;
};

// Never reorder: a category's id is its position in this table.
constexpr WeightedName CategoryTable[] = {
    {"Just Chatting", 14.0},
    {"Grand Theft Auto V", 7.0},
    {"League of Legends", 6.0},
    {"Valorant", 5.0},
    {"Counter-Strike", 5.0},
    {"Minecraft", 4.5},
    {"Fortnite", 4.0},
    {"Dota 2", 3.0},
    {"Apex Legends", 3.0},
    {"World of Warcraft", 3.0},
    {"Call of Duty: Warzone", 3.0},
    {"Overwatch 2", 2.5},
    {"Marvel Rivals", 2.0},
    {"Rust", 2.0},
    {"Dead by Daylight", 2.0},
    {"EA Sports FC 25", 2.0},
    {"Slots", 1.5},
    {"Hearthstone", 1.5},
    {"Teamfight Tactics", 1.5},
    {"Escape from Tarkov", 1.5},
    {"Rocket League", 1.5},
    {"Elden Ring", 1.5},
    {"Genshin Impact", 1.5},
    {"Music", 1.5},
    {"Path of Exile 2", 1.2},
    {"Art", 1.2},
    {"Pokémon Scarlet and Violet", 1.0},
    {"Old School RuneScape", 1.0},
    {"Street Fighter 6", 0.8},
    {"The Sims 4", 0.8},
    {"Stardew Valley", 0.8},
    {"Baldur's Gate 3", 0.8},
    {"Retro", 0.8},
    {"Talk Shows & Podcasts", 0.8},
    {"Tekken 8", 0.7},
    {"Lethal Company", 0.7},
    {"Phasmophobia", 0.7},
    {"Chess", 0.7},
    {"Software and Game Development", 0.6},
    {"Science & Technology", 0.5},
    {"ASMR", 0.6},
    {"Sports", 0.8},
    {"Travel & Outdoors", 0.5},
    {"Food & Drink", 0.5},
    {"Special Events", 0.3},
};

struct LanguageRow
{
    const char *code;
    double weight;
    double peakHourUtc;
};

constexpr LanguageRow LanguageTable[] = {
    {"en", 0.44, 23.0}, {"es", 0.12, 0.0},  {"pt", 0.08, 23.0},
    {"de", 0.07, 19.0}, {"fr", 0.06, 19.0}, {"ru", 0.08, 17.0},
    {"ja", 0.08, 12.0}, {"ko", 0.05, 12.0}, {"it", 0.02, 19.0},
};

constexpr const char *GenericPrefixes[] = {
    "shadow", "pixel",  "nova",  "frost", "lucky", "mad",    "captain", "sir",    "lil",   "dark",
    "neon",   "cozy",   "chill", "retro", "hyper", "silent", "crimson", "golden", "iron",  "lazy",
    "sneaky", "cosmic", "turbo", "salty", "happy", "wild",   "tiny",    "mega",   "lunar", "solar",
};

constexpr const char *Nouns[] = {
    "fox",   "wolf",  "gamer",  "bear",   "ninja",  "queen", "king",  "panda", "raven",  "byte",
    "ghost", "otter", "tiger",  "wizard", "knight", "pilot", "sloth", "viper", "falcon", "moose",
    "duck",  "cat",   "dragon", "sensei", "goblin", "bard",  "chef",  "rogue", "nomad",  "owl",
};

struct LocalFlavour
{
    const char *code;
    const char *prefixes[5];
};

constexpr LocalFlavour LocalPrefixes[] = {
    {"es", {"el", "la", "don", "chica", "loco"}},
    {"pt", {"o", "mano", "tio", "gato", "rei"}},
    {"de", {"der", "herr", "kleiner", "wilder", "onkel"}},
    {"fr", {"le", "petit", "mon", "grand", "tonton"}},
    {"ru", {"vlad", "sasha", "misha", "dima", "katya"}},
    {"ja", {"tanaka", "yuki", "sakura", "neko", "haru"}},
    {"ko", {"minji", "jisoo", "hana", "dong", "bora"}},
    {"it", {"il", "zio", "capitano", "piccolo", "mister"}},
};

// Twitch shows CJK display names for some channels whose login stays ASCII.
constexpr const char *JapaneseNames[] = {"ゆき",   "さくら",   "たなか",
                                         "はると", "ねこまる", "かいと"};
constexpr const char *KoreanNames[] = {"민지", "지수", "하늘", "도윤", "서연", "별빛"};

struct TitleSet
{
    const char *code;
    const char *templates[6]; // %1 = category, %2 = a small number
};

constexpr TitleSet TitleTable[] = {
    {"en",
     {"%1 with chat | !discord", "Ranked grind, day %2 | %1", "chill %1 stream",
      "first time trying %1!", "late night %1 vibes | !socials", "%1 tournament practice"}},
    {"es",
     {"¡%1 con la comunidad!", "jugando %1 tranqui | !redes", "%1 día %2 | !discord",
      "directo de %1", "%1 con subs", "probando %1 por primera vez"}},
    {"pt",
     {"%1 ao vivo com a galera", "jogando %1 | !pix", "%1 dia %2", "live de %1 relax",
      "%1 com inscritos", "primeira vez no %1"}},
    {"de",
     {"%1 mit euch | !discord", "Entspannter %1 Abend", "%1 Tag %2", "Erstes Mal %1!",
      "%1 bis tief in die Nacht", "%1 mit Zuschauern"}},
    {"fr",
     {"%1 tranquille ce soir", "On grind %1 | !discord", "%1 jour %2", "découverte de %1",
      "%1 avec le chat", "soirée %1 entre potes"}},
    {"ru",
     {"%1 со зрителями", "стрим %1 | день %2", "вечерний %1", "первый раз в %1", "%1 до утра",
      "%1 | !тг"}},
    {"ja",
     {"【%1】まったり配信", "%1 初見プレイ #%2", "【%1】雑談しながら", "%1 練習配信",
      "【%1】参加型", "深夜の%1"}},
    {"ko",
     {"%1 방송 | 오늘도 달린다", "%1 랭크 %2판", "%1 첫 플레이", "%1 시청자 참여", "새벽 %1",
      "%1 같이 해요"}},
    {"it",
     {"%1 con la chat", "serata %1 | !discord", "%1 giorno %2", "prima volta su %1",
      "%1 in compagnia", "%1 fino a tardi"}},
};

// Typical prime-time audience of the channel at popularity rank `rank`: a few
// stars between 50k and 200k, then a power-law tail down to a handful of viewers.

} // namespace StreamRank::DemoTables
