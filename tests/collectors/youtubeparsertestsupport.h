#pragma once
// Shared fixtures of the YouTube response parser tests (tst_youtubeparsers,
// tst_youtubeerrors): a videos.list page with one video in each state, and a
// page whose one count is raw JSON text.

#include <QByteArray>

namespace StreamRank::YouTubeParserTest {

using namespace Qt::StringLiterals; // _ba

// A videos.list page (part=snippet,liveStreamingDetails,statistics) with one
// live video, one whose owner hides the count, one that ended and one that is
// scheduled. (moc does not know raw strings: inside the test class one with a
// "//", an apostrophe, a "#" or an odd number of quotes makes it miss the
// class. So JSON's "\/" escape spells the URLs, the "kind" members are left
// out there, and some bodies are plain literals or namespace-scope constants.)
inline const QByteArray FourVideos = R"({
  "kind": "youtube#videoListResponse",
  "etag": "pg1",
  "nextPageToken": "CDIQAA",
  "items": [
    {"kind": "youtube#video", "etag": "v1", "id": "liveVid0001",
     "snippet": {"publishedAt": "2026-05-02T06:58:00Z", "channelId": "UCaaaa",
                 "title": "Building a compiler, day 12", "channelTitle": "Aaaa Codes",
                 "description": "links: https:\/\/example.invalid",
                 "thumbnails": {"default": {"url": "https:\/\/i.example.invalid/d.jpg", "width": 120, "height": 90}},
                 "tags": ["c++", "compilers"], "categoryId": "28", "liveBroadcastContent": "live",
                 "defaultLanguage": "de", "defaultAudioLanguage": "en-US",
                 "localized": {"title": "Building a compiler, day 12", "description": ""}},
     "statistics": {"viewCount": "18220", "likeCount": "950", "favoriteCount": "0", "commentCount": "3"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-02T07:01:30Z",
                              "scheduledStartTime": "2026-05-02T07:00:00Z",
                              "concurrentViewers": "37036", "activeLiveChatId": "Cg0KC2xpdmVWaWQwMDAx"}},
    {"kind": "youtube#video", "etag": "v2", "id": "hiddenVid02",
     "snippet": {"channelId": "UCbbbb", "title": "Quiet stream", "channelTitle": "Bbbb",
                 "categoryId": "20", "liveBroadcastContent": "live"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-02T05:00:00.500+02:00"}},
    {"kind": "youtube#video", "etag": "v3", "id": "endedVid003",
     "snippet": {"channelId": "UCcccc", "title": "Last night show", "channelTitle": "Cccc",
                 "categoryId": "24", "liveBroadcastContent": "none", "defaultAudioLanguage": "ja"},
     "liveStreamingDetails": {"actualStartTime": "2026-05-01T18:00:00Z",
                              "actualEndTime": "2026-05-01T20:45:10Z",
                              "scheduledStartTime": "2026-05-01T18:00:00Z"}},
    {"kind": "youtube#video", "etag": "v4", "id": "upcomVid004",
     "snippet": {"channelId": "UCdddd", "title": "Launch at noon", "channelTitle": "Dddd",
                 "categoryId": "28", "liveBroadcastContent": "upcoming"},
     "liveStreamingDetails": {"scheduledStartTime": "2026-05-03T12:00:00Z",
                              "activeLiveChatId": "Cg0KC3VwY29tVmlkMDA0"}}
  ],
  "pageInfo": {"totalResults": 4, "resultsPerPage": 4}
})"_ba;

// One live video whose liveStreamingDetails.concurrentViewers is raw JSON text.
inline QByteArray videoWithRawViewers(const QByteArray &raw)
{
    return R"({"items":[{"id":"v1","snippet":{"liveBroadcastContent":"live"},
        "liveStreamingDetails":{"actualStartTime":"2026-05-02T07:00:00Z","concurrentViewers":)"_ba +
           raw + "}}]}"_ba;
}

} // namespace StreamRank::YouTubeParserTest
